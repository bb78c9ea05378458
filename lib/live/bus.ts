import "server-only";
import { EventEmitter } from "node:events";
import { createClient } from "redis";
import type { Publisher, Subscriber } from "resumable-stream/generic";

// Publish/subscribe plus a few keys: what live streams and Stop need to cross app processes.
// One process needs nothing else (memory); several share Redis (REDIS_URL).
export interface Bus {
  publisher: Publisher;
  subscriber: Subscriber;
  close(): Promise<void>;
}

export function createMemoryBus(): Bus {
  const events = new EventEmitter().setMaxListeners(0);
  const values = new Map<string, { value: string; expiresAt: number }>();
  const read = (key: string) => {
    const entry = values.get(key);
    if (entry && entry.expiresAt <= Date.now()) values.delete(key);
    return values.get(key)?.value ?? null;
  };
  const publisher: Publisher = {
    connect: async () => undefined,
    publish: async (channel, message) => {
      const listeners = events.listenerCount(channel);
      // Delivered on a later tick, as a network round trip would be.
      setImmediate(() => events.emit(channel, message));
      return listeners;
    },
    set: async (key, value, options) => {
      values.set(key, { value, expiresAt: Date.now() + (options?.EX ?? 24 * 3600) * 1000 });
      return "OK";
    },
    get: async (key) => read(key),
    incr: async (key) => {
      const next = Number(read(key) ?? 0) + 1;
      const expiresAt = values.get(key)?.expiresAt ?? Date.now() + 24 * 3600 * 1000;
      values.set(key, { value: String(next), expiresAt });
      return next;
    },
  };
  const subscriber: Subscriber = {
    connect: async () => undefined,
    subscribe: async (channel, callback) => {
      events.on(channel, callback);
    },
    unsubscribe: async (channel) => {
      events.removeAllListeners(channel);
    },
  };
  return { publisher, subscriber, close: async () => void events.removeAllListeners() };
}

export async function createRedisBus(url: string): Promise<Bus> {
  const publisherClient = createClient({ url });
  const subscriberClient = publisherClient.duplicate();
  await Promise.all([publisherClient.connect(), subscriberClient.connect()]);
  const publisher: Publisher = {
    connect: async () => undefined,
    publish: (channel, message) => publisherClient.publish(channel, message),
    set: (key, value, options) => publisherClient.set(key, value, options?.EX ? { EX: options.EX } : undefined),
    get: (key) => publisherClient.get(key),
    incr: (key) => publisherClient.incr(key),
  };
  const subscriber: Subscriber = {
    connect: async () => undefined,
    subscribe: (channel, callback) => subscriberClient.subscribe(channel, (message) => callback(message)),
    unsubscribe: (channel) => subscriberClient.unsubscribe(channel),
  };
  return {
    publisher,
    subscriber,
    close: async () => {
      await Promise.allSettled([publisherClient.close(), subscriberClient.close()]);
    },
  };
}
