import "server-only";
import type { UIMessage, UIMessageChunk } from "ai";
import type { LanguageModelV4, LanguageModelV4FinishReason } from "@ai-sdk/provider";
import { onStopRequested } from "@/lib/live/replies";
import { nextTurn } from "@/lib/loop-turns";
import { logger } from "@/lib/logger";
import {
  recordFirstToken,
  recordModelError,
  recordStreamEnded,
  recordStreamStarted,
  recordTokens,
} from "@/lib/metrics";
import { forgetModelServerInfo, modelServerLimits } from "@/lib/model-server";
import { ModelServerError } from "@/lib/model-server/errors";
import { contextStartId, type ReplyWindow } from "./context";
import { withLengthRetry } from "./length-retry";
import { phogptModel } from "./model";
import { replyCallOptions } from "./reply-call";
import { errorCodeForModelFailure } from "./model-errors";
import { replyHeartbeatMs } from "./stale-replies";
import { createProgressSaves, type ProgressSaves } from "./progress-saves";
import { saveReplyOutcome, type ReplyJob } from "./turns";

// Partial text reaches the database at least this often while streaming.
const PROGRESS_INTERVAL_MS = 1_000;
// How long a retry after a length rejection waits for a fresh /info.
const LIMITS_WAIT_MS = 3_000;
// The reply's one text part.
const TEXT_ID = "0";

export interface ReplyMetadata {
  threadId: string;
  status?: "complete" | "stopped" | "failed";
  finishReason?: string;
  /** The first message the model read when earlier ones were left out of its context; null when none were. */
  contextStartId?: string | null;
}

export type ChatUIMessage = UIMessage<ReplyMetadata>;
type ReplyChunk = UIMessageChunk<ReplyMetadata>;

type Outcome = Parameters<typeof saveReplyOutcome>[1];

export interface ReplyDeps {
  model: LanguageModelV4;
}

// Streams PhoGPT's reply as UI message chunks (the AI SDK's UI message stream) and persists it as
// it goes. The generation is owned by the server: only Stop (from any tab, through any instance)
// aborts it, never a tab going away.
//
// The model's own stream (the AI SDK language model's doStream) is read in one loop that saves and
// translates each part. streamText and toUIMessageStream, and even streamLanguageModelCall, pipe
// every token through further web streams (the last: a transform and a copy) for steps, tools,
// retries and callbacks a reply never has: about a tenth of the app's CPU per token under load
// (bench/README.md).
export async function streamReply(
  job: ReplyJob,
  deps: ReplyDeps = { model: phogptModel() },
): Promise<AsyncIterable<ReplyChunk>> {
  const controller = new AbortController();
  const stopListening = await onStopRequested(job.assistantMessageId, () => controller.abort());
  return replyChunks(job, deps.model, controller, stopListening);
}

async function* replyChunks(
  job: ReplyJob,
  model: LanguageModelV4,
  controller: AbortController,
  stopListening: () => Promise<void>,
): AsyncGenerator<ReplyChunk> {
  let window = job.window;
  const reply = trackReply(job, stopListening);
  const metadata = (extra: Partial<ReplyMetadata> = {}): ReplyMetadata => ({
    threadId: job.threadId,
    contextStartId: contextStartId(window),
    ...extra,
  });
  let textOpen = false;
  try {
    yield { type: "start", messageId: job.assistantMessageId, messageMetadata: metadata() };
    yield { type: "start-step" };
    // A continued reply starts from its saved text, sent again first so every reader sees all of it.
    if (job.prefix !== "") {
      textOpen = true;
      yield { type: "text-start", id: TEXT_ID };
      yield { type: "text-delta", id: TEXT_ID, delta: job.prefix };
    }
    let finishReason: LanguageModelV4FinishReason["unified"] | undefined;
    let failure: unknown;
    try {
      // The model call's set-up is the start's last piece; nothing waits after it, since the model
      // server's clock runs from the request.
      await nextTurn();
      const replyModel = withLengthRetry(model, job.window, {
        onRejected: () => forgetModelServerInfo(),
        currentLimits: () => modelServerLimits(LIMITS_WAIT_MS),
        onRefit: (next: ReplyWindow) => {
          window = next;
          logger.warn("the model server refused the prompt as too long; retrying with a smaller window", {
            threadId: job.threadId,
          });
        },
      });
      const { stream } = await replyModel.doStream(replyCallOptions(job, controller.signal));
      const parts = stream.getReader();
      try {
        for (let read = await parts.read(); !read.done; read = await parts.read()) {
          const part = read.value;
          if (part.type === "text-delta") {
            if (!textOpen) {
              textOpen = true;
              yield { type: "text-start", id: TEXT_ID };
            }
            reply.text(part.delta);
            yield { type: "text-delta", id: TEXT_ID, delta: part.delta };
          } else if (part.type === "finish") {
            finishReason = part.finishReason.unified;
          } else if (part.type === "error") {
            failure = part.error;
          }
        }
      } finally {
        // Also when this generator's reader stopped early: the model's stream ends with it.
        await parts.cancel().catch(() => undefined);
      }
    } catch (error) {
      if (!controller.signal.aborted) failure = error;
    }
    if (textOpen) yield { type: "text-end", id: TEXT_ID };
    textOpen = false;

    if (failure !== undefined && !controller.signal.aborted) {
      const errorCode = reply.failed(failure);
      await reply.finalise({ status: "failed", errorCode });
      yield { type: "error", errorText: errorCode };
      yield { type: "finish-step" };
      yield { type: "finish", finishReason: "error", messageMetadata: metadata({ status: "failed" }) };
    } else if (controller.signal.aborted || finishReason === undefined) {
      // Stopped (or the model's stream ended without saying why).
      await reply.finalise({ status: "stopped", finishReason: "stopped" });
      yield { type: "abort" };
    } else {
      // Saved before the browser hears "finish", so a reload right after shows the stored reply.
      await reply.finalise({ status: "complete", finishReason });
      yield { type: "finish-step" };
      yield {
        type: "finish",
        finishReason,
        messageMetadata: metadata({ status: "complete", finishReason }),
      };
    }
  } finally {
    // A reader that stopped reading early: the generation ends with it, and what it wrote is kept.
    controller.abort();
    await reply.finalise({ status: "stopped", finishReason: "stopped" });
  }
}

let progressSaves: ProgressSaves | undefined;

// One writer of partial text for all of this process's replies (see progress-saves.ts).
function replyProgress(): ProgressSaves {
  const touchMs = replyHeartbeatMs();
  progressSaves ??= createProgressSaves({ intervalMs: Math.min(PROGRESS_INTERVAL_MS, touchMs), touchMs });
  return progressSaves;
}

// The reply's text as it grows: saved every second while it changes, and its outcome once at the
// end (the first outcome wins; later calls are no-ops).
function trackReply(job: ReplyJob, stopListening: () => Promise<void>) {
  let content = job.prefix;
  let finalised = false;
  let deltas = 0;
  const startedAt = performance.now();
  const progress = replyProgress();
  recordStreamStarted();
  progress.track(job.assistantMessageId, content);

  return {
    text(delta: string) {
      // The model server streams one token per chunk.
      if (deltas++ === 0) recordFirstToken(performance.now() - startedAt);
      content += delta;
      progress.update(job.assistantMessageId, content);
    },
    /** Records a failure and returns its code. */
    failed(error: unknown): string {
      // A server that went away may come back with other limits.
      if (error instanceof ModelServerError && error.kind === "unreachable") forgetModelServerInfo();
      const errorCode = errorCodeForModelFailure(error);
      recordModelError(errorCode);
      logger.warn("reply failed", { threadId: job.threadId, errorCode });
      return errorCode;
    },
    async finalise(outcome: Omit<Outcome, "content">) {
      if (finalised) return;
      finalised = true;
      recordTokens(deltas);
      recordStreamEnded();
      await stopListening().catch((error: unknown) => logger.warn("unsubscribing from stop failed", { error }));
      await progress.forget(job.assistantMessageId);
      await saveReplyOutcome(job.assistantMessageId, { ...outcome, content });
    },
  };
}
