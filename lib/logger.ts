import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { env } from "@/lib/env";

// JSON lines on stdout/stderr, each with the request id and user id when known.
// Never message content or secrets: fields with such names are replaced by "[redacted]".
type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let threshold: number | undefined;

export interface LogContext {
  requestId?: string;
  userId?: string;
}

const context = new AsyncLocalStorage<LogContext>();

// Runs `action` with a request's context; every line logged inside (also from callbacks it starts) carries it.
export function withLogContext<T>(fields: LogContext, action: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, action);
}

// Adds to the current request's context (e.g. the user id once the session is known).
export function addLogContext(fields: LogContext): void {
  const store = context.getStore();
  if (store) Object.assign(store, fields);
}

const SECRET_KEYS = /pass(word)?|secret|token|authorization|cookie|content|text|prompt|body|email/i;

function currentThreshold(): number {
  if (threshold === undefined) {
    try {
      threshold = order[env().LOG_LEVEL];
    } catch {
      threshold = order.info; // an invalid configuration is reported elsewhere; still log
    }
  }
  return threshold;
}

function serialise(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEYS.test(key)) out[key] = "[redacted]";
    else out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}

function write(level: Level, message: string, fields: Record<string, unknown> = {}) {
  if (order[level] < currentThreshold()) return;
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    message,
    ...context.getStore(),
    ...serialise(fields),
  });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
