import "server-only";
import {
  streamText,
  toUIMessageStream,
  type TextStreamPart,
  type ToolSet,
  type UIMessage,
  type UIMessageChunk,
} from "ai";
import { onStopRequested } from "@/lib/live/replies";
import { logger } from "@/lib/logger";
import { phogptModel } from "./model";
import { errorCodeForModelFailure } from "./model-errors";
import { replyHeartbeatMs } from "./stale-replies";
import { saveReplyOutcome, saveReplyProgress, type ReplyJob } from "./turns";

// Partial text reaches the database at least this often while streaming.
const PROGRESS_INTERVAL_MS = 1_000;

export interface ReplyMetadata {
  threadId: string;
  status?: "complete" | "stopped" | "failed";
  finishReason?: string;
}

export type ChatUIMessage = UIMessage<ReplyMetadata>;

type Outcome = Parameters<typeof saveReplyOutcome>[1];

// Streams PhoGPT's reply as UI message chunks and persists it as it goes. The generation is
// owned by the server: only Stop (from any tab, through any instance) aborts it, never a tab going away.
export async function streamReply(job: ReplyJob): Promise<ReadableStream<UIMessageChunk>> {
  const controller = new AbortController();
  const stopListening = await onStopRequested(job.assistantMessageId, () => controller.abort());

  const result = streamText({
    model: phogptModel(),
    messages: job.history,
    abortSignal: controller.signal,
    maxRetries: 0,
  });

  return toUIMessageStream<ToolSet, ChatUIMessage>({
    stream: result.stream.pipeThrough(persistReply(job, stopListening)),
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

// Watches the parts go by: saves progress every second and the outcome at the end. A continued
// reply starts from its saved text, which is sent again first so every reader sees the whole reply.
function persistReply(
  job: ReplyJob,
  stopListening: () => Promise<void>,
): TransformStream<TextStreamPart<ToolSet>, TextStreamPart<ToolSet>> {
  let text = job.prefix;
  let prefixSent = job.prefix === "";
  let lastSaved = Date.now();
  let saving: Promise<void> = Promise.resolve();
  let outcome: Outcome | undefined;
  let finalised = false;

  const saveProgress = () => {
    const snapshot = text;
    lastSaved = Date.now();
    saving = saving
      .then(() => saveReplyProgress(job.assistantMessageId, snapshot))
      .catch((error: unknown) =>
        logger.error("saving reply progress failed", { error, messageId: job.assistantMessageId }),
      );
  };
  // A reply waiting on a slow model is still touched, so it is not taken for abandoned.
  const heartbeatMs = replyHeartbeatMs();
  const heartbeat = setInterval(() => {
    if (Date.now() - lastSaved >= heartbeatMs) saveProgress();
  }, heartbeatMs);

  const finalise = async (fallback: Outcome) => {
    if (finalised) return;
    finalised = true;
    clearInterval(heartbeat);
    await stopListening().catch((error: unknown) => logger.warn("unsubscribing from stop failed", { error }));
    await saving;
    await saveReplyOutcome(job.assistantMessageId, outcome ?? fallback);
  };

  return new TransformStream({
    start() {
      saveProgress();
    },
    async transform(part, stream) {
      if (part.type === "text-start" && !prefixSent) {
        prefixSent = true;
        stream.enqueue(part);
        stream.enqueue({ type: "text-delta", id: part.id, text: job.prefix });
        return;
      }
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
