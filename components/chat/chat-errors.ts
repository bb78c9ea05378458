import type { MessageKey } from "@/lib/i18n/dictionaries";
import { ChatRequestError } from "./chat-transport";

// How a failed request should be shown:
// - "rejected": the server answered a JSON error before streaming; nothing was generated.
// - "network": the connection failed; the server may still have saved or generated something.
// - "model": the stream carried an error code from the model path.
export type ChatFailure =
  | { kind: "rejected"; key: MessageKey; values?: Record<string, number> }
  | { kind: "network"; key: "error.network" }
  | { kind: "model"; key: MessageKey };

const modelErrorKeys: Record<string, MessageKey> = {
  model_unavailable: "error.model_unavailable",
  model_busy: "error.model_busy",
  model_rejected: "error.model_rejected",
  model_error: "error.model_error",
};

const requestErrorKeys: Record<string, MessageKey> = {
  unauthorized: "error.unauthorized",
  not_found: "error.not_found",
  conflict: "error.conflict",
  rate_limited: "error.rate_limited",
  too_many_replies: "error.too_many_replies",
  payload_too_large: "error.message_too_long",
  context_too_long: "error.context_too_long_continue",
  model_unavailable: "error.model_unavailable",
  model_busy: "error.model_busy",
  model_error: "error.model_error",
};

const fieldErrorKeys: Record<string, MessageKey> = {
  message_empty: "error.message_empty",
  message_too_long: "error.message_too_long",
  context_too_long: "error.context_too_long",
  // The branch this tab shows is no longer the thread's current one.
  branch_changed: "chat.branchChanged",
};

export function describeChatFailure(error: Error): ChatFailure {
  if (error instanceof ChatRequestError) return { kind: "rejected", ...describeErrorBody(error.responseBody) };
  if (error instanceof TypeError) return { kind: "network", key: "error.network" };
  return { kind: "model", key: modelErrorKeys[error.message] ?? "error.unknown" };
}

// A JSON error answer of one of the thread's own endpoints (undo, switching versions).
export function describeErrorResponse(body: string): { key: MessageKey; values?: Record<string, number> } {
  return describeErrorBody(body);
}

export function modelErrorKey(code: string | null | undefined): MessageKey {
  return (code ? modelErrorKeys[code] : undefined) ?? "error.model_error";
}

function describeErrorBody(body: string | undefined): { key: MessageKey; values?: Record<string, number> } {
  const error = parseErrorBody(body);
  if (!error) return { key: "error.unknown" };
  const fieldKey = error.fields?.text
    ? fieldErrorKeys[error.fields.text]
    : error.fields?.leafId
      ? fieldErrorKeys[error.fields.leafId]
      : undefined;
  const waited = error.code === "rate_limited" && error.details?.retryAfterSeconds !== undefined;
  const key = fieldKey ?? (waited ? "error.rate_limited_wait" : requestErrorKeys[error.code]) ?? "error.unknown";
  return error.details ? { key, values: error.details } : { key };
}

interface ErrorBodyShape {
  code: string;
  fields?: Record<string, string>;
  // Numbers for the message (e.g. a message's tokens and the context's limit).
  details?: Record<string, number>;
}

function parseErrorBody(body: string | undefined): ErrorBodyShape | undefined {
  if (!body) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null || !("error" in parsed)) return undefined;
    const error: unknown = parsed.error;
    if (typeof error !== "object" || error === null || !("code" in error) || typeof error.code !== "string")
      return undefined;
    const fields =
      "fields" in error && typeof error.fields === "object" && error.fields !== null ? error.fields : undefined;
    return { code: error.code, fields: fields as Record<string, string> | undefined, details: numbersOf(error) };
  } catch {
    return undefined; // not JSON (e.g. a proxy's HTML error page): shown as a generic error
  }
}

function numbersOf(error: object): Record<string, number> | undefined {
  if (!("details" in error) || typeof error.details !== "object" || error.details === null) return undefined;
  const numbers = Object.entries(error.details).filter(
    (entry): entry is [string, number] => typeof entry[1] === "number",
  );
  return numbers.length > 0 ? Object.fromEntries(numbers) : undefined;
}
