import "server-only";
import { createResumableStreamContext, type ResumableStreamContext } from "resumable-stream/generic";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { createMemoryBus, createRedisBus, type Bus } from "./bus";

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

// Keeps a reply's SSE text available to later readers while the first reader gets it too.
export async function publishReplyStream(messageId: string, sse: ReadableStream<string>): Promise<void> {
  const { streams } = await live();
  const own = await streams.createNewResumableStream(messageId, () => sse);
  // Nobody reads this copy; draining it keeps the source flowing whether or not the tab stays.
  await own?.pipeTo(new WritableStream());
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
