import "server-only";
import { createClient } from "redis";
import { db, rawSql } from "@/lib/db";
import { sqlParameters } from "@/lib/db-sql";

// Fixed-window counters shared by every app instance: in the database (default) or in Redis
// (RATE_LIMIT_STORE=redis). A failing store throws; callers never treat a failure as "allowed".

export interface WindowCount {
  count: number;
  // When the current window ends (epoch ms).
  resetAt: number;
}

export interface WindowHit {
  key: string;
  windowMs: number;
}

export interface RateLimitStore {
  // Adds one to the key's counter for the current window and returns the new count.
  hit(key: string, windowMs: number, now?: number): Promise<WindowCount>;
  // The same for several keys at once (one round trip): the counts in the order of `hits`.
  hitEach(hits: readonly WindowHit[], now?: number): Promise<WindowCount[]>;
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

// Both stores count one key as a batch of one.
function withSingleHits(store: Omit<RateLimitStore, "hit">): RateLimitStore {
  return {
    ...store,
    async hit(key, windowMs, now) {
      const [count] = await store.hitEach([{ key, windowMs }], now);
      return count as WindowCount;
    },
  };
}

export const databaseStore: RateLimitStore = withSingleHits({
  // One upsert of every key: atomic per row on both databases, so concurrent first hits need no retry.
  async hitEach(hits, now = Date.now()) {
    const windows = hits.map(({ key, windowMs }) => windowOf(key, windowMs, now));
    const sql = sqlParameters();
    const rows = windows.map(({ windowKey, resetAt }) => `(${sql.add(windowKey)}, 1, ${sql.time(new Date(resetAt))})`);
    const counted = await rawSql().query<{ key: string; count: number }>(
      `INSERT INTO "RateLimit" ("key", "count", "expiresAt") VALUES ${rows.join(", ")} ` +
        `ON CONFLICT ("key") DO UPDATE SET "count" = "RateLimit"."count" + 1 RETURNING "key", "count"`,
      sql.values,
    );
    const byKey = new Map(counted.map((row) => [row.key, row.count]));
    if (Math.random() < 0.01) void sweepExpired(now);
    return windows.map(({ windowKey, resetAt }) => ({ count: byKey.get(windowKey) ?? 0, resetAt }));
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
});

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
  return withSingleHits({
    async hitEach(hits, now = Date.now()) {
      const windows = hits.map(({ key, windowMs }) => windowOf(key, windowMs, now));
      const transaction = (await client()).multi();
      for (const { windowKey, resetAt } of windows) {
        transaction.incr(full(windowKey)).pExpireAt(full(windowKey), resetAt);
      }
      const replies = await transaction.exec();
      // Two replies per key: the INCR's count, then PEXPIREAT's.
      return windows.map(({ resetAt }, i) => ({ count: Number(replies[2 * i]), resetAt }));
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
  });
}
