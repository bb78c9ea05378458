import "server-only";
import type { z } from "zod";
import { currentUser, type SessionUser } from "@/lib/auth";
import { AppError, isAppError, type FieldErrors } from "@/lib/errors";
import { logger } from "@/lib/logger";

const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

// Wraps a route handler so every failure leaves as the one JSON error shape.
export function route<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isAppError(error)) return error.toResponse();
      logger.error("unhandled route error", { error });
      return new AppError("internal", "Something went wrong on our side.").toResponse();
    }
  };
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized", "Sign in to continue.");
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
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid UTF-8.");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
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

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
}
