import "server-only";
import { logger } from "@/lib/logger";
import { modelServer } from "@/lib/model-server";
import type { ModelServer } from "@/lib/model-server/types";

// Exact token counts from the model server's POST /tokenize. A server without one (vLLM and
// llama.cpp differ) or one that fails or is slow gives no count; callers then use the UTF-8
// length, an upper bound. After such an answer the server is not asked again for a while, so a
// thread is never held up by one slow request per message.

export interface TokenCounter {
  /** The server's count of `text`, or null when it cannot count right now. */
  count(text: string): Promise<number | null>;
}

export interface TokenCounterOptions {
  timeoutMs?: number;
  /** How long to stop asking after the server could not count. */
  pauseMs?: number;
  now?: () => number;
}

export function serverTokenCounter(
  server: Pick<ModelServer, "countTokens">,
  { timeoutMs = 3_000, pauseMs = 30_000, now = Date.now }: TokenCounterOptions = {},
): TokenCounter {
  let pausedUntil = 0;
  return {
    async count(text) {
      if (now() < pausedUntil) return null;
      try {
        const tokens = await server.countTokens(text, AbortSignal.timeout(timeoutMs));
        if (tokens === null) pausedUntil = now() + pauseMs;
        return tokens;
      } catch (error) {
        pausedUntil = now() + pauseMs;
        logger.warn("counting tokens failed; using UTF-8 lengths for now", { error });
        return null;
      }
    },
  };
}

let counter: TokenCounter | undefined;

/** The token counter of this process, asking INFERENCE_URL. */
export function tokenCounter(): TokenCounter {
  counter ??= serverTokenCounter(modelServer());
  return counter;
}
