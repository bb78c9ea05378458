import "server-only";
import type { z } from "zod";
import { currentUser, type SessionUser } from "@/lib/auth";
import { AppError, isAppError, type FieldErrors } from "@/lib/errors";
import { addLogContext, logger, withLogContext } from "@/lib/logger";
import { recordHttpRequest } from "@/lib/metrics";
import { REQUEST_ID_HEADER } from "@/lib/security/request-id";

const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

// Wraps a route handler so every failure leaves as the one JSON error shape, every log line
// carries the request id (and user id once known), and every answer is counted in the metrics.
export function route<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    const request = args[0] instanceof Request ? args[0] : undefined;
    const requestId = request?.headers.get(REQUEST_ID_HEADER) ?? undefined;
    return withLogContext({ requestId }, async () => {
      const response = await answer(handler, args);
      if (request) recordHttpRequest(request.method, new URL(request.url).pathname, response.status);
      return response;
    });
  };
}

async function answer<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>, args: Args) {
  try {
    return await handler(...args);
  } catch (error) {
    if (isAppError(error)) return error.toResponse();
    logger.error("unhandled route error", { error });
    return new AppError("internal", "Something went wrong on our side.").toResponse();
  }
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized", "Sign in to continue.");
  addLogContext({ userId: user.id });
  return user;
}

export async function readJson<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<z.infer<Schema>> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new AppError("bad_request", "Send the body as JSON (Content-Type: application/json).");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  const json = parseJsonBytes(bytes);
  rejectControlCharacters(json);
  const result = schema.safeParse(json);
  if (!result.success) {
    const fields: FieldErrors = {};
    for (const issue of result.error.issues) {
      const key = issue.path.join(".") || "body";
      fields[key] ??= issue.message;
    }
    const first = result.error.issues[0];
    throw new AppError(
      "validation",
      first ? `${first.path.join(".") || "body"}: ${first.message}` : "Invalid request.",
      fields,
    );
  }
  return result.data;
}

function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid UTF-8.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
}

function rejectControlCharacters(json: unknown): void {
  const path = findBadText(json);
  if (path === null) return;
  const field = path || "body";
  throw new AppError("validation", `${field}: control characters are not allowed.`, {
    [field]: "control_characters",
  });
}

// C0 controls other than tab, line feed and carriage return, DEL, and C1 controls: never meaningful
// in a message, name or password, and a NUL cannot even be stored in PostgreSQL text.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

// The path of the first string (key or value) holding a control character or a lone surrogate.
function findBadText(value: unknown, path = ""): string | null {
  if (typeof value === "string") return CONTROL_CHARACTERS.test(value) || !value.isWellFormed() ? path : null;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (CONTROL_CHARACTERS.test(key) || !key.isWellFormed()) return itemPath;
    const found = findBadText(item, itemPath);
    if (found !== null) return found;
  }
  return null;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
}
