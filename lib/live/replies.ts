import "server-only";
import { UI_MESSAGE_STREAM_HEADERS } from "ai";
import { createResumableStreamContext, type ResumableStreamContext } from "resumable-stream/generic";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { createMemoryBus, createRedisBus, type Bus } from "./bus";
import { startLiveReply, type LiveReply } from "./live-reply";
import { sseBody } from "./sse-writer";

// Live replies, shared by every tab and every app process: the SSE text of each reply being
// generated can be followed from its start (resume), and a Stop published from anywhere
// reaches the process that talks to the model server.

interface LiveReplies {
  bus: Bus;
  streams: ResumableStreamContext;
  prefix: string;
}

const globalForLive = globalThis as unknown as { phogptLive?: Promise<LiveReplies> };

async function create(): Promise<LiveReplies> {
  const { REDIS_URL, REDIS_KEY_PREFIX } = env();
  const bus = REDIS_URL ? await createRedisBus(REDIS_URL) : createMemoryBus();
  if (!REDIS_URL) logger.debug("live replies kept in this process (no REDIS_URL)");
  const prefix = `${REDIS_KEY_PREFIX}:live`;
  const streams = createResumableStreamContext({
    waitUntil: null,
    keyPrefix: prefix,
    publisher: bus.publisher,
    subscriber: bus.subscriber,
  });
  return { bus, streams, prefix };
}

function live(): Promise<LiveReplies> {
  globalForLive.phogptLive ??= create().catch((error: unknown) => {
    globalForLive.phogptLive = undefined;
    throw error;
  });
  return globalForLive.phogptLive;
}

// A reply's SSE is never compressed on the way (no-transform): Next.js would gzip it for every
// browser and flush the compressor once per token, each stream holding its own compressor.
export const REPLY_STREAM_HEADERS: Record<string, string> = {
  ...UI_MESSAGE_STREAM_HEADERS,
  "cache-control": "no-cache, no-transform",
};

// The response of POST /api/chat: the reply's UI message stream as SSE. The server reads the reply
// to its end whatever the tab does, and keeps its text for readers who join later (resume).
export function replyStreamResponse({
  messageId,
  stream,
  headers,
}: {
  messageId: string;
  stream: AsyncIterable<unknown>;
  headers?: Record<string, string>;
}): Response {
  const body = sseBody(stream, liveCopy(messageId));
  return new Response(body, { headers: { ...REPLY_STREAM_HEADERS, ...headers } });
}

// Text written before the live reply is registered is held and handed over once it is.
function liveCopy(messageId: string) {
  let early = "";
  let reply: LiveReply | undefined;
  const ready = live()
    .then(({ bus, prefix }) => startLiveReply(bus, { prefix: `${prefix}:rs`, streamId: messageId }))
    .then((started) => {
      started.write(early);
      early = "";
      reply = started;
      return started;
    });
  ready.catch((error: unknown) => logger.error("a reply cannot be followed live", { error, messageId }));
  return {
    write(text: string) {
      if (reply) reply.write(text);
      else early += text;
    },
    end(error?: unknown) {
      if (error !== undefined) logger.warn("a reply's stream broke off", { error, messageId });
      ready
        .then((started) => started.end())
        .catch((endError: unknown) => logger.warn("ending a live reply failed", { error: endError, messageId }));
    },
  };
}

// The reply's SSE from its first chunk, then live; null when it is not being generated.
export async function resumeReplyStream(messageId: string): Promise<ReadableStream<string> | null> {
  const { streams } = await live();
  return (await streams.resumeExistingStream(messageId)) ?? null;
}

const stopChannel = (prefix: string, messageId: string) => `${prefix}:stop:${messageId}`;

// Called by the process generating the reply; returns the function that stops listening.
export async function onStopRequested(messageId: string, stop: () => void): Promise<() => Promise<void>> {
  const { bus, prefix } = await live();
  const channel = stopChannel(prefix, messageId);
  await bus.subscriber.subscribe(channel, () => stop());
  return async () => {
    await bus.subscriber.unsubscribe(channel);
  };
}

// Returns whether a generating process heard the request.
export async function requestStop(messageId: string): Promise<boolean> {
  const { bus, prefix } = await live();
  const listeners = await bus.publisher.publish(stopChannel(prefix, messageId), "stop");
  return typeof listeners === "number" && listeners > 0;
}
