import type { ModelMessage } from "ai";
import type { ReplyJob } from "./turns";

// What a reply asks the model for: the window's turns, max_tokens shrunk to what the context
// has left, and the thread's generation settings.
export function replyCallSettings(job: Pick<ReplyJob, "history" | "window" | "settings">) {
  return {
    messages: job.history satisfies ModelMessage[],
    maxOutputTokens: job.window.maxTokens,
    temperature: job.settings.temperature,
    topP: job.settings.topP,
    topK: job.settings.topK,
    providerOptions: { phogpt: { repetitionPenalty: job.settings.repetitionPenalty } },
  };
}
