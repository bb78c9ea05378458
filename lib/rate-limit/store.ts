import "server-only";
import { createClient } from "redis";
import { db } from "@/lib/db";

// Fixed-window counters shared by every app instance: in the database (default) or in Redis
// (RATE_LIMIT_STORE=redis). A failing store throws; callers never treat a failure as "allowed".

export interface WindowCount {
  count: number;
  // When the current window ends (epoch ms).
  resetAt: number;
}

export interface RateLimitStore {
  // Adds one to the key's counter for the current window and returns the new count.
  hit(key: string, windowMs: number, now?: number): Promise<WindowCount>;
  // The current window's count without changing it.
  peek(key: string, windowMs: number, now?: number): Promise<WindowCount>;
  // Forgets the current window's count (e.g. failed sign-ins after a successful one).
  reset(key: string, windowMs: number, now?: number): Promise<void>;
  // Locks the key for durationMs from now (e.g. an account after too many failed sign-ins).
  lock(key: string, durationMs: number, now?: number): Promise<void>;
  // When the key's lock ends (epoch ms), or null when it is not locked.
  lockedUntil(key: string, now?: number): Promise<number | null>;
}

function windowOf(key: string, windowMs: number, now: number) {
  const index = Math.floor(now / windowMs);
  return { windowKey: `${key}:${index}`, resetAt: (index + 1) * windowMs };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

export const databaseStore: RateLimitStore = {
  async hit(key, windowMs, now = Date.now()) {
    const { windowKey, resetAt } = windowOf(key, windowMs, now);
    const upsert = () =>
      db().rateLimit.upsert({
        where: { key: windowKey },
        create: { key: windowKey, count: 1, expiresAt: new Date(resetAt) },
        update: { count: { increment: 1 } },
        select: { count: true },
      });
    let row: { count: number };
    try {
      row = await upsert();
    } catch (error) {
      // Two first hits racing: the unique key decides, and the loser's retry is an increment.
      if (!isUniqueViolation(error)) throw error;
      row = await upsert();
    }
    if (Math.random() < 0.01) void sweepExpired(now);
    return { count: row.count, resetAt };
  },
  async peek(key, windowMs, now = Date.now()) {
    const { windowKey, resetAt } = windowOf(key, windowMs, now);
    const row = await db().rateLimit.findUnique({ where: { key: windowKey }, select: { count: true } });
    return { count: row?.count ?? 0, resetAt };
  },
  async reset(key, windowMs, now = Date.now()) {
    await db().rateLimit.deleteMany({ where: { key: windowOf(key, windowMs, now).windowKey } });
  },
  async lock(key, durationMs, now = Date.now()) {
    const expiresAt = new Date(now + durationMs);
    await db().rateLimit.upsert({
      where: { key: `lock:${key}` },
      create: { key: `lock:${key}`, count: 0, expiresAt },
      update: { expiresAt },
    });
  },
  async lockedUntil(key, now = Date.now()) {
    const row = await db().rateLimit.findUnique({ where: { key: `lock:${key}` }, select: { expiresAt: true } });
    return row && row.expiresAt.getTime() > now ? row.expiresAt.getTime() : null;
  },
};

async function sweepExpired(now: number): Promise<void> {
  try {
    await db().rateLimit.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  } catch {
    // Housekeeping only: the next sweep retries; counting itself does not depend on it.
  }
}

function connect(url: string) {
  return createClient({ url })
    .on("error", () => {
      // Reported through the failing command; the client reconnects on its own.
    })
    .connect();
}
const globalForRedis = globalThis as unknown as { phogptRateLimitRedis?: ReturnType<typeof connect> };

export function redisStore(url: string, prefix: string): RateLimitStore {
  const client = () => {
    globalForRedis.phogptRateLimitRedis ??= connect(url);
    return globalForRedis.phogptRateLimitRedis;
  };
  const full = (windowKey: string) => `${prefix}:rl:${windowKey}`;
  return {
    async hit(key, windowMs, now = Date.now()) {
      const { windowKey, resetAt } = windowOf(key, windowMs, now);
      const redis = await client();
      const [count] = await redis.multi().incr(full(windowKey)).pExpireAt(full(windowKey), resetAt).exec();
      return { count: Number(count), resetAt };
    },
    async peek(key, windowMs, now = Date.now()) {
      const { windowKey, resetAt } = windowOf(key, windowMs, now);
      const value = await (await client()).get(full(windowKey));
      return { count: Number(value ?? 0), resetAt };
    },
    async reset(key, windowMs, now = Date.now()) {
      await (await client()).del(full(windowOf(key, windowMs, now).windowKey));
    },
    async lock(key, durationMs, now = Date.now()) {
      await (await client()).set(full(`lock:${key}`), String(now + durationMs), { PXAT: now + durationMs });
    },
    async lockedUntil(key, now = Date.now()) {
      const until = Number((await (await client()).get(full(`lock:${key}`))) ?? 0);
      return until > now ? until : null;
    },
  };
}
