import "server-only";
import {
  streamText,
  toUIMessageStream,
  type TextStreamPart,
  type ToolSet,
  type UIMessage,
  type UIMessageChunk,
} from "ai";
import { logger } from "@/lib/logger";
import { phogptModel } from "./model";
import { errorCodeForModelFailure } from "./model-errors";
import { registerReply, releaseReply } from "./active-replies";
import { saveReplyOutcome, saveReplyProgress, type ReplyJob } from "./turns";

// Partial text reaches the database at least this often while streaming.
const PROGRESS_INTERVAL_MS = 1_000;
// A reply waiting on a slow model is still touched this often, so it is not taken for abandoned.
const HEARTBEAT_MS = 5_000;

export interface ReplyMetadata {
  threadId: string;
  status?: "complete" | "stopped" | "failed";
  finishReason?: string;
}

export type ChatUIMessage = UIMessage<ReplyMetadata>;

// Streams PhoGPT's reply as UI message chunks and persists it as it goes. The
// generation is owned by the server: it is aborted only by Stop, not by the tab going away.
export function streamReply(job: ReplyJob): ReadableStream<UIMessageChunk> {
  const controller = new AbortController();
  registerReply(job.threadId, { userId: job.userId, messageId: job.assistantMessageId, controller });

  const result = streamText({
    model: phogptModel(),
    messages: job.history,
    abortSignal: controller.signal,
    maxRetries: 0,
  });

  return toUIMessageStream<ToolSet, ChatUIMessage>({
    stream: result.stream.pipeThrough(persistReply(job)),
    originalMessages: [],
    generateMessageId: () => job.assistantMessageId,
    onError: (error) => errorCodeForModelFailure(error),
    messageMetadata: ({ part }): ReplyMetadata | undefined => {
      if (part.type === "start") return { threadId: job.threadId };
      if (part.type === "finish")
        return { threadId: job.threadId, status: "complete", finishReason: part.finishReason };
      return undefined;
    },
  });
}

// Watches the parts go by: saves progress every second and the outcome at the end.
function persistReply(job: ReplyJob): TransformStream<TextStreamPart<ToolSet>, TextStreamPart<ToolSet>> {
  let text = "";
  let lastSaved = Date.now();
  let saving: Promise<void> = Promise.resolve();
  let outcome: Parameters<typeof saveReplyOutcome>[1] | undefined;

  const saveProgress = () => {
    const snapshot = text;
    lastSaved = Date.now();
    saving = saving
      .then(() => saveReplyProgress(job.assistantMessageId, snapshot))
      .catch((error: unknown) =>
        logger.error("saving reply progress failed", { error, messageId: job.assistantMessageId }),
      );
  };

  let finalised = false;
  const heartbeat = setInterval(() => {
    if (Date.now() - lastSaved >= HEARTBEAT_MS) saveProgress();
  }, HEARTBEAT_MS);
  const finalise = async (fallback: Parameters<typeof saveReplyOutcome>[1]) => {
    if (finalised) return;
    finalised = true;
    clearInterval(heartbeat);
    releaseReply(job.threadId, job.assistantMessageId);
    await saving;
    await saveReplyOutcome(job.assistantMessageId, outcome ?? fallback);
  };

  return new TransformStream({
    start() {
      saveProgress();
    },
    async transform(part, stream) {
      if (part.type === "text-delta") {
        text += part.text;
        if (Date.now() - lastSaved >= PROGRESS_INTERVAL_MS) saveProgress();
      } else if (part.type === "abort") {
        outcome = { content: text, status: "stopped", finishReason: "stopped" };
      } else if (part.type === "error") {
        outcome = { content: text, status: "failed", errorCode: errorCodeForModelFailure(part.error) };
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
