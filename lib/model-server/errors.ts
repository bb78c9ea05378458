export type ModelServerErrorKind =
  | "unreachable"
  | "unauthorized"
  | "validation"
  | "overloaded"
  | "generation"
  | "incomplete"
  | "timeout"
  | "bad_response";

/** Token counts parsed from TGI's length-validation messages, for retrying with a tighter budget. */
export interface TokenLimitDetails {
  inputTokens?: number;
  maxNewTokens?: number;
  limit?: number;
}

export interface ModelServerErrorOptions extends TokenLimitDetails {
  status?: number;
  cause?: unknown;
}

export class ModelServerError extends Error {
  readonly kind: ModelServerErrorKind;
  /** HTTP status, or the `http_status_code` of an in-stream error, when known. */
  readonly status: number | undefined;
  readonly inputTokens: number | undefined;
  readonly maxNewTokens: number | undefined;
  readonly limit: number | undefined;

  constructor(kind: ModelServerErrorKind, message: string, options: ModelServerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ModelServerError";
    this.kind = kind;
    this.status = options.status;
    this.inputTokens = options.inputTokens;
    this.maxNewTokens = options.maxNewTokens;
    this.limit = options.limit;
  }
}

export function isModelServerError(error: unknown): error is ModelServerError {
  return error instanceof ModelServerError;
}

const TOTAL_LIMIT =
  /`inputs` tokens \+ `max_new_tokens` must be <= (\d+)\. Given: (\d+) `inputs` tokens and (\d+) `max_new_tokens`/;
const INPUT_LIMIT = /`inputs` must have less than (\d+) tokens\. Given: (\d+)/;

export function parseTokenLimits(message: string): TokenLimitDetails {
  const total = TOTAL_LIMIT.exec(message);
  if (total) return { limit: Number(total[1]), inputTokens: Number(total[2]), maxNewTokens: Number(total[3]) };
  const input = INPUT_LIMIT.exec(message);
  if (input) return { limit: Number(input[1]), inputTokens: Number(input[2]) };
  return {};
}

/**
 * Classifies a TGI error. Streaming routes report every error with HTTP 200 (and /v1/completions
 * labels them all 422), so the message decides first and the status only when it says nothing.
 */
export function classifyTgiError(message: string, status: number | undefined): ModelServerErrorKind {
  if (/input validation error/i.test(message)) return "validation";
  if (/model is overloaded/i.test(message)) return "overloaded";
  if (/request failed during generation/i.test(message)) return "generation";
  if (/incomplete generation/i.test(message)) return "incomplete";
  switch (status) {
    case 401:
    case 403:
      return "unauthorized";
    case 408:
    case 504:
      return "timeout";
    case 422:
      return "validation";
    case 424:
      return "generation";
    case 429:
      return "overloaded";
    case 502:
    case 503:
      return "unreachable";
    default:
      return "bad_response";
  }
}

/** Builds the error for a TGI error message, with parsed token counts for validation errors. */
export function tgiError(message: string, status: number | undefined, cause?: unknown): ModelServerError {
  const kind = classifyTgiError(message, status);
  const limits = kind === "validation" ? parseTokenLimits(message) : {};
  return new ModelServerError(kind, message, { status, cause, ...limits });
}
