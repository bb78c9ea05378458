// The abuse-limit counters: atomic across concurrent callers (so across app instances), on the
// database and on Redis; a failing store refuses (fails closed); limits answer 429 + Retry-After.
import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  assertMessageAllowed,
  assertShareAllowed,
  clearFailedSignIns,
  recordFailedSignIn,
  RateLimitError,
  setRateLimitStoreForTests,
  signInBlockedFor,
} from "@/lib/rate-limit/limits";
import { databaseStore, redisStore, type RateLimitStore } from "@/lib/rate-limit/store";
import { awayFromWindowEnd } from "./support/rate-limit-windows";

const REDIS_URL = "redis://127.0.0.1:6379";
const redisPrefix = `test-${randomUUID()}`;

const stores: [string, () => RateLimitStore][] = [
  ["database", () => databaseStore],
  ["redis", () => redisStore(REDIS_URL, redisPrefix)],
];

afterAll(async () => {
  const redis = await createClient({ url: REDIS_URL }).connect();
  const keys = await redis.keys(`${redisPrefix}:*`);
  if (keys.length > 0) await redis.del(keys);
  await redis.quit();
});

describe.each(stores)("the %s store", (_name, make) => {
  it("counts concurrent hits exactly (an atomic increment)", async () => {
    const store = make();
    const key = `t:${randomUUID()}`;
    // One instant for every call: a minute turning during the test would start a new window.
    const now = Date.now();
    const counts = await Promise.all(Array.from({ length: 25 }, () => store.hit(key, 60_000, now)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await store.peek(key, 60_000, now)).count).toBe(25);
  });

  it("counts several keys in one call, each in its own window", async () => {
    const store = make();
    const [minute, day] = [`m:${randomUUID()}`, `d:${randomUUID()}`];
    const now = 1_800_000_000_000;
    const hits = [
      { key: minute, windowMs: 60_000 },
      { key: day, windowMs: 86_400_000 },
    ];
    expect(await store.hitEach(hits, now)).toEqual([
      { count: 1, resetAt: Math.ceil((now + 1) / 60_000) * 60_000 },
      { count: 1, resetAt: Math.ceil((now + 1) / 86_400_000) * 86_400_000 },
    ]);
    await store.hit(minute, 60_000, now);
    expect((await store.hitEach(hits, now)).map((window) => window.count)).toEqual([3, 2]);
    expect((await store.hitEach(hits, now + 60_000)).map((window) => window.count)).toEqual([1, 3]);
  });

  it("starts a new count in the next window and reports when the window ends", async () => {
    const store = make();
    const key = `t:${randomUUID()}`;
    const now = 1_800_000_000_000;
    const first = await store.hit(key, 60_000, now);
    expect(first).toEqual({ count: 1, resetAt: Math.ceil((now + 1) / 60_000) * 60_000 });
    await store.hit(key, 60_000, now);
    expect((await store.hit(key, 60_000, now + 60_000)).count).toBe(1);
    await store.reset(key, 60_000, now);
    expect((await store.peek(key, 60_000, now)).count).toBe(0);
  });

  it("locks a key for a duration", async () => {
    const store = make();
    const key = `t:${randomUUID()}`;
    const now = Date.now();
    expect(await store.lockedUntil(key, now)).toBeNull();
    await store.lock(key, 900_000, now);
    expect(await store.lockedUntil(key, now + 1_000)).toBe(now + 900_000);
    expect(await store.lockedUntil(key, now + 900_001)).toBeNull();
  });
});

// Time enough to wait for the next window (awayFromWindowEnd).
describe("the limits", { timeout: 15_000 }, () => {
  const saved = { ...process.env };
  beforeAll(() => setRateLimitStoreForTests(undefined));
  afterEach(() => {
    process.env = { ...saved };
    setRateLimitStoreForTests(undefined);
  });

  it("refuse the message over the per-minute limit with Retry-After", async () => {
    const userId = randomUUID();
    await awayFromWindowEnd(60_000);
    // Defaults: 20 per minute.
    for (let sent = 0; sent < 20; sent++) await assertMessageAllowed(userId);
    const error = await assertMessageAllowed(userId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    const response = (error as RateLimitError).toResponse();
    expect(response.status).toBe(429);
    const wait = Number(response.headers.get("retry-after"));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await response.json()).toMatchObject({ error: { code: "rate_limited" } });
  });

  it("refuse a share link over the hourly limit, per user", async () => {
    const userId = randomUUID();
    await awayFromWindowEnd(3_600_000);
    // Default: 30 an hour.
    for (let created = 0; created < 30; created++) await assertShareAllowed(userId);
    const error = await assertShareAllowed(userId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    const wait = (error as RateLimitError).retryAfterSeconds;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(3600);
    await expect(assertShareAllowed(randomUUID())).resolves.toBeUndefined();
  });

  it("lock an email after the failed sign-ins, for the whole window, whether or not it exists", async () => {
    const email = `${randomUUID()}@example.vn`;
    await awayFromWindowEnd(15 * 60_000);
    for (let failure = 0; failure < 4; failure++) {
      expect(await signInBlockedFor(email, "192.0.2.1")).toBeNull();
      await recordFailedSignIn(email, "192.0.2.1");
    }
    await recordFailedSignIn(email, "192.0.2.1");
    const wait = await signInBlockedFor(email, "192.0.2.99");
    expect(wait).toBeGreaterThan(15 * 60 - 5);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    // Another email from the same address is not locked (4 < 20 per IP).
    expect(await signInBlockedFor(`${randomUUID()}@example.vn`, "192.0.2.1")).toBeNull();
  });

  it("forget an account's failures after a successful sign-in", async () => {
    const email = `${randomUUID()}@example.vn`;
    await awayFromWindowEnd(15 * 60_000);
    for (let failure = 0; failure < 4; failure++) await recordFailedSignIn(email, "192.0.2.2");
    await clearFailedSignIns(email);
    await recordFailedSignIn(email, "192.0.2.2");
    expect(await signInBlockedFor(email, "192.0.2.2")).toBeNull();
  });

  it("fail closed: a broken store refuses instead of letting requests through", async () => {
    const broken: RateLimitStore = {
      hit: () => Promise.reject(new Error("connection refused")),
      hitEach: () => Promise.reject(new Error("connection refused")),
      peek: () => Promise.reject(new Error("connection refused")),
      reset: () => Promise.reject(new Error("connection refused")),
      lock: () => Promise.reject(new Error("connection refused")),
      lockedUntil: () => Promise.reject(new Error("connection refused")),
    };
    setRateLimitStoreForTests(broken);
    for (const attempt of [assertMessageAllowed(randomUUID()), signInBlockedFor("a@b.vn", "192.0.2.3")]) {
      const error = await attempt.then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(500);
    }
  });
});
