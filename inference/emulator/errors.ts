// TGI's InferError: one type, one table from kind to HTTP status, and the three wire shapes it takes.

export type InferErrorKind = "validation" | "generation" | "overloaded" | "incomplete_generation";

const statusByKind = {
  validation: 422,
  generation: 424,
  overloaded: 429,
  incomplete_generation: 500,
} as const satisfies Record<InferErrorKind, number>;

export interface ErrorResponse {
  error: string;
  error_type: string;
}

/** The OpenAI-style event /v1/completions streams; FACTS.md: always 422, whatever the cause. */
export interface OpenAiStreamError {
  error: { message: string; http_status_code: number };
}

export class InferError extends Error {
  readonly kind: InferErrorKind;

  private constructor(kind: InferErrorKind, message: string) {
    super(message);
    this.name = "InferError";
    this.kind = kind;
  }

  static validation(detail: string): InferError {
    return new InferError("validation", `Input validation error: ${detail}`);
  }

  static generation(detail: string): InferError {
    return new InferError("generation", `Request failed during generation: ${detail}`);
  }

  static overloaded(): InferError {
    return new InferError("overloaded", "Model is overloaded");
  }

  static incomplete(): InferError {
    return new InferError("incomplete_generation", "Incomplete generation");
  }

  get status(): number {
    return statusByKind[this.kind];
  }

  /** Non-streaming body, and the in-stream event of /generate_stream and `/`. */
  toResponse(): ErrorResponse {
    return { error: this.message, error_type: this.kind };
  }

  toOpenAiStreamEvent(): OpenAiStreamError {
    return { error: { message: this.message, http_status_code: 422 } };
  }
}
