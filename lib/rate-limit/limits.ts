import "server-only";
import { createHash } from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { recordRateLimited } from "@/lib/metrics";
import { databaseStore, redisStore, type RateLimitStore, type WindowCount } from "./store";

// The abuse limits. Each answers 429 with Retry-After once exceeded; a store failure answers 500
// (fail closed), never lets the request through unchecked.

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export class RateLimitError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super("rate_limited", message, undefined, { retryAfterSeconds: seconds });
    this.retryAfterSeconds = seconds;
  }

  override toResponse(headers?: HeadersInit): Response {
    const merged = new Headers(headers);
    merged.set("Retry-After", String(this.retryAfterSeconds));
    return super.toResponse(merged);
  }
}

let storeOverride: RateLimitStore | undefined;

// Tests point the limits at a store of their own.
export function setRateLimitStoreForTests(store: RateLimitStore | undefined): void {
  storeOverride = store;
}

function store(): RateLimitStore {
  if (storeOverride) return storeOverride;
  const config = env();
  if (config.RATE_LIMIT_STORE === "redis") {
    if (!config.REDIS_URL) throw new AppError("internal", "RATE_LIMIT_STORE=redis needs REDIS_URL.");
    return redisStore(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  }
  return databaseStore;
}

async function guarded<T>(what: string, action: (limits: RateLimitStore) => Promise<T>): Promise<T> {
  try {
    return await action(store());
  } catch (error) {
    if (error instanceof AppError) throw error;
    logger.error("rate limit store failed; refusing the request", { limit: what, error });
    throw new AppError("internal", "The service cannot check its abuse limits right now. Try again shortly.");
  }
}

// Keys never hold an email or address in clear: a hash is enough to count.
function subject(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 32);
}

function secondsUntil(resetAt: number): number {
  return (resetAt - Date.now()) / 1000;
}

async function consume(limit: string, key: string, max: number, windowMs: number, message: string) {
  refuseOver(limit, await guarded(limit, (limits) => limits.hit(key, windowMs)), max, message);
}

function refuseOver(limit: string, { count, resetAt }: WindowCount, max: number, message: string) {
  if (count > max) {
    recordRateLimited(limit);
    throw new RateLimitError(message, secondsUntil(resetAt));
  }
}

// POST /api/chat: messages per user per minute and per day.
export async function assertMessageAllowed(userId: string): Promise<void> {
  const config = env();
  const message = "You are sending messages too fast.";
  // Both windows in one round trip; every attempt counts in both.
  const [minute, day] = await guarded("messages", (limits) =>
    limits.hitEach([
      { key: `msg:m:${userId}`, windowMs: MINUTE },
      { key: `msg:d:${userId}`, windowMs: DAY },
    ]),
  );
  if (minute) refuseOver("messages_minute", minute, config.RATE_LIMIT_MESSAGES_PER_MINUTE, message);
  if (day) refuseOver("messages_day", day, config.RATE_LIMIT_MESSAGES_PER_DAY, message);
}

// Public links: each copies the whole thread, so creating them is limited per user per hour.
export async function assertShareAllowed(userId: string): Promise<void> {
  const config = env();
  const message = "You are creating share links too fast.";
  await consume("shares_hour", `share:h:${userId}`, config.RATE_LIMIT_SHARES_PER_HOUR, 60 * MINUTE, message);
}

// Account creation: attempts per client IP.
export async function assertRegistrationAllowed(ip: string): Promise<void> {
  const config = env();
  await consume(
    "register_ip",
    `reg:ip:${subject(ip)}`,
    config.RATE_LIMIT_REGISTER_PER_IP,
    config.RATE_LIMIT_REGISTER_WINDOW_SECONDS * 1000,
    "Too many accounts created from this address.",
  );
}

// Password reset emails: requests per client IP and per address, so nobody floods an inbox.
export async function assertPasswordResetAllowed(ip: string, email: string): Promise<void> {
  const config = env();
  const message = "Too many password reset requests.";
  const hour = 60 * MINUTE;
  await consume("reset_ip", `reset:ip:${subject(ip)}`, config.RATE_LIMIT_PASSWORD_RESET_PER_IP, hour, message);
  await consume("reset_email", `reset:acct:${subject(email)}`, config.RATE_LIMIT_PASSWORD_RESET_PER_IP, hour, message);
}

// Failed sign-ins, per account (the typed email, whether or not it exists) and per client IP.
// Reaching the limit locks that account (or address) for a whole window from the last failure,
// so a lockout always lasts RATE_LIMIT_SIGN_IN_WINDOW_SECONDS, whatever the clock says.
function signInKeys(email: string, ip: string) {
  const config = env();
  const windowMs = config.RATE_LIMIT_SIGN_IN_WINDOW_SECONDS * 1000;
  return {
    windowMs,
    counters: [
      { key: `signin:acct:${subject(email)}`, max: config.RATE_LIMIT_SIGN_IN_PER_ACCOUNT },
      { key: `signin:ip:${subject(ip)}`, max: config.RATE_LIMIT_SIGN_IN_PER_IP },
    ],
  };
}

// Seconds to wait before this sign-in may be tried, or null when it may be tried now.
export async function signInBlockedFor(email: string, ip: string): Promise<number | null> {
  const { counters } = signInKeys(email, ip);
  const locks = await guarded("sign_in", (limits) => Promise.all(counters.map(({ key }) => limits.lockedUntil(key))));
  const until = Math.max(0, ...locks.map((lock) => lock ?? 0));
  if (until === 0) return null;
  recordRateLimited("sign_in");
  return Math.max(1, Math.ceil(secondsUntil(until)));
}

export async function recordFailedSignIn(email: string, ip: string): Promise<void> {
  const { windowMs, counters } = signInKeys(email, ip);
  await guarded("sign_in", async (limits) => {
    for (const { key, max } of counters) {
      const { count } = await limits.hit(key, windowMs);
      if (count >= max) await limits.lock(key, windowMs);
    }
  });
}

export async function clearFailedSignIns(email: string): Promise<void> {
  const { windowMs, counters } = signInKeys(email, "");
  const account = counters[0];
  if (account) await guarded("sign_in", (limits) => limits.reset(account.key, windowMs));
}
