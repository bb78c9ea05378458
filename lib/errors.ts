// One error type for the whole app, one table from code to HTTP status, one JSON shape.

export const errorStatus = {
  bad_request: 400,
  invalid_json: 400,
  validation: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  // A message the model's context cannot hold even alone: the request is well formed but cannot
  // be served as it is (422, like validation), the body names its tokens and the limit.
  context_too_long: 422,
  rate_limited: 429,
  too_many_replies: 429,
  model_unavailable: 502,
  model_error: 502,
  model_busy: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

// Field errors map a form field to a stable reason code the UI translates (e.g. "email_taken").
export type FieldErrors = Record<string, string>;
// Numbers the UI puts into its translated message (e.g. a length and its limit).
export type ErrorDetails = Record<string, number>;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors; details?: ErrorDetails };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, fields?: FieldErrors, details?: ErrorDetails) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fields = fields;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }

  toResponse(headers?: HeadersInit): Response {
    return Response.json(this.toBody(), { status: this.status, headers });
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
