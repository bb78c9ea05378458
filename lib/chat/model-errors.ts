import "server-only";
import { ModelServerError } from "@/lib/model-server/errors";

export type ModelFailureCode = "model_unavailable" | "model_busy" | "model_rejected" | "model_error";

// Maps whatever the model path threw to a stable code the UI translates.
export function errorCodeForModelFailure(error: unknown): ModelFailureCode {
  const failure = findModelServerError(error);
  switch (failure?.kind) {
    case "unreachable":
    case "timeout":
    case "unauthorized":
      return "model_unavailable";
    case "overloaded":
      return "model_busy";
    case "validation":
      return "model_rejected";
    default:
      return "model_error";
  }
}

function findModelServerError(error: unknown): ModelServerError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof ModelServerError) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}
