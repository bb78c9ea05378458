import type { Publisher, Subscriber } from "resumable-stream/generic";
import { logger } from "@/lib/logger";

// The producing side of resumable-stream's protocol (resumable-stream 2.2.x, runtime.js), so that
// its resumeExistingStream follows a reply from any process: a sentinel key says the stream is live
// ("1") or done ("DONE"); a reader publishes {listenerId, skipCharacters} on the request channel and
// receives the text so far, then every later piece, then DONE_MESSAGE, on its own chunk channel.
// The library's own producer keeps a second stream per reply that someone must drain and an array
// of every chunk; this one keeps the text as one string and publishes only when someone listens.
// live-reply.test.ts checks it against the library's reader.

export const DONE_MESSAGE = "\n\n\nDONE_SENTINEL_hasdfasudfyge374%$%^$EDSATRTYFtydryrte\n";
const DONE_VALUE = "DONE";
const SENTINEL_TTL_SECONDS = 24 * 60 * 60;

export interface LiveReplyKeys {
  /** The resumable-stream context's key prefix with its ":rs" suffix. */
  prefix: string;
  streamId: string;
}

export interface LiveReply {
  /** Appends text (whole SSE events) and sends it to the readers following the reply. */
  write(text: string): void;
  /** The reply is complete: readers get DONE and later ones are told it is over. */
  end(): Promise<void>;
}

export interface LiveReplyBus {
  publisher: Publisher;
  subscriber: Subscriber;
}

export async function startLiveReply(bus: LiveReplyBus, { prefix, streamId }: LiveReplyKeys): Promise<LiveReply> {
  const requestChannel = `${prefix}:request:${streamId}`;
  const sentinelKey = `${prefix}:sentinel:${streamId}`;
  const chunkChannel = (listenerId: string) => `${prefix}:chunk:${listenerId}`;
  let text = "";
  let done = false;
  const listeners: string[] = [];

  const publish = (listenerId: string, message: string) => {
    bus.publisher
      .publish(chunkChannel(listenerId), message)
      .catch((error: unknown) => logger.warn("publishing a live reply failed", { error, streamId }));
  };

  // Subscribed before the sentinel is set: a reader that sees the sentinel finds someone listening.
  await bus.subscriber.subscribe(requestChannel, (message) => {
    let request: { listenerId?: unknown; skipCharacters?: unknown };
    try {
      request = JSON.parse(message) as typeof request;
    } catch {
      return;
    }
    if (typeof request.listenerId !== "string") return;
    const skip = typeof request.skipCharacters === "number" ? request.skipCharacters : 0;
    // The reader always gets a first message, even an empty one: it is its acknowledgement.
    publish(request.listenerId, text.slice(skip));
    if (done) publish(request.listenerId, DONE_MESSAGE);
    else listeners.push(request.listenerId);
  });
  await bus.publisher.set(sentinelKey, "1", { EX: SENTINEL_TTL_SECONDS });

  return {
    write(piece) {
      text += piece;
      for (const listenerId of listeners) publish(listenerId, piece);
    },
    async end() {
      if (done) return;
      done = true;
      for (const listenerId of listeners.splice(0)) publish(listenerId, DONE_MESSAGE);
      await Promise.all([
        bus.publisher.set(sentinelKey, DONE_VALUE, { EX: SENTINEL_TTL_SECONDS }),
        bus.subscriber.unsubscribe(requestChannel),
      ]);
    },
  };
}
