import "server-only";
import {
  experimental_streamTextLowMemory as streamTextLowMemory,
  toUIMessageStream,
  type TextStreamPart,
  type ToolSet,
  type UIMessage,
  type UIMessageChunk,
} from "ai";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { onStopRequested } from "@/lib/live/replies";
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
import { contextStartId } from "./context";
import { withLengthRetry } from "./length-retry";
import { phogptModel } from "./model";
import { replyCallSettings } from "./reply-call";
import { errorCodeForModelFailure } from "./model-errors";
import { replyHeartbeatMs } from "./stale-replies";
import { createProgressSaves, type ProgressSaves } from "./progress-saves";
import { saveReplyOutcome, type ReplyJob } from "./turns";

// Partial text reaches the database at least this often while streaming.
const PROGRESS_INTERVAL_MS = 1_000;
// How long a retry after a length rejection waits for a fresh /info.
const LIMITS_WAIT_MS = 3_000;

export interface ReplyMetadata {
  threadId: string;
  status?: "complete" | "stopped" | "failed";
  finishReason?: string;
  /** The first message the model read when earlier ones were left out of its context; null when none were. */
  contextStartId?: string | null;
}

export type ChatUIMessage = UIMessage<ReplyMetadata>;

type Outcome = Parameters<typeof saveReplyOutcome>[1];

export interface ReplyDeps {
  model: LanguageModelV4;
}

// Streams PhoGPT's reply as UI message chunks and persists it as it goes. The generation is
// owned by the server: only Stop (from any tab, through any instance) aborts it, never a tab going away.
export async function streamReply(
  job: ReplyJob,
  deps: ReplyDeps = { model: phogptModel() },
): Promise<ReadableStream<UIMessageChunk>> {
  const controller = new AbortController();
  const stopListening = await onStopRequested(job.assistantMessageId, () => controller.abort());
  let window = job.window;

  // One reader (persistReply): no replay buffer of every part, and one tee fewer per token.
  const result = streamTextLowMemory({
    model: withLengthRetry(deps.model, job.window, {
      onRejected: () => forgetModelServerInfo(),
      currentLimits: () => modelServerLimits(LIMITS_WAIT_MS),
      onRefit: (next) => {
        window = next;
        logger.warn("the model server refused the prompt as too long; retrying with a smaller window", {
          threadId: job.threadId,
        });
      },
    }),
    ...replyCallSettings(job),
    abortSignal: controller.signal,
    maxRetries: 0,
    // Failures are recorded (and logged without content) by persistReply; the SDK's default
    // onError would print the raw error with its cause to stderr.
    onError: () => undefined,
  });

  return toUIMessageStream<ToolSet, ChatUIMessage>({
    stream: result.stream.pipeThrough(persistReply(job, stopListening)),
    originalMessages: [],
    generateMessageId: () => job.assistantMessageId,
    onError: (error) => errorCodeForModelFailure(error),
    // The divider's place, on start and again at the end (a retry may have left out more).
    messageMetadata: ({ part }): ReplyMetadata | undefined => {
      if (part.type === "start") return { threadId: job.threadId, contextStartId: contextStartId(job.window) };
      if (part.type === "finish")
        return {
          threadId: job.threadId,
          status: "complete",
          finishReason: part.finishReason,
          contextStartId: contextStartId(window),
        };
      return undefined;
    },
  });
}

let progressSaves: ProgressSaves | undefined;

// One writer of partial text for all of this process's replies (see progress-saves.ts).
function replyProgress(): ProgressSaves {
  const touchMs = replyHeartbeatMs();
  progressSaves ??= createProgressSaves({ intervalMs: Math.min(PROGRESS_INTERVAL_MS, touchMs), touchMs });
  return progressSaves;
}

// Watches the parts go by: saves progress every second and the outcome at the end. A continued
// reply starts from its saved text, which is sent again first so every reader sees the whole reply.
// Its tokens are counted when a later prompt first needs them (lib/chat/context.ts).
function persistReply(
  job: ReplyJob,
  stopListening: () => Promise<void>,
): TransformStream<TextStreamPart<ToolSet>, TextStreamPart<ToolSet>> {
  let text = job.prefix;
  let prefixSent = job.prefix === "";
  let outcome: Outcome | undefined;
  let finalised = false;
  const startedAt = performance.now();
  let deltas = 0;
  // Written at once, then every second while it changes, and touched while the model is slow, so
  // it is not taken for abandoned.
  const progress = replyProgress();

  const finalise = async (fallback: Outcome) => {
    if (finalised) return;
    finalised = true;
    recordTokens(deltas);
    recordStreamEnded();
    await stopListening().catch((error: unknown) => logger.warn("unsubscribing from stop failed", { error }));
    await progress.forget(job.assistantMessageId);
    const final = outcome ?? fallback;
    await saveReplyOutcome(job.assistantMessageId, final);
  };

  return new TransformStream({
    start() {
      recordStreamStarted();
      progress.track(job.assistantMessageId, text);
    },
    async transform(part, stream) {
      if (part.type === "text-start" && !prefixSent) {
        prefixSent = true;
        stream.enqueue(part);
        stream.enqueue({ type: "text-delta", id: part.id, text: job.prefix });
        return;
      }
      if (part.type === "text-delta") {
        // The model server streams one token per chunk.
        if (deltas++ === 0) recordFirstToken(performance.now() - startedAt);
        text += part.text;
        progress.update(job.assistantMessageId, text);
      } else if (part.type === "abort") {
        outcome = { content: text, status: "stopped", finishReason: "stopped" };
      } else if (part.type === "error") {
        // A server that went away may come back with other limits.
        if (part.error instanceof ModelServerError && part.error.kind === "unreachable") forgetModelServerInfo();
        outcome = { content: text, status: "failed", errorCode: errorCodeForModelFailure(part.error) };
        recordModelError(outcome.errorCode ?? "model_error");
        logger.warn("reply failed", { threadId: job.threadId, errorCode: outcome.errorCode });
      } else if (part.type === "finish") {
        // Saved before the browser hears "finish", so a reload right after shows the stored reply.
        await finalise({ content: text, status: "complete", finishReason: part.finishReason });
      }
      stream.enqueue(part);
    },
    async flush() {
      await finalise({ content: text, status: "stopped", finishReason: "stopped" });
    },
  });
}
