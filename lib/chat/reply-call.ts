import type { LanguageModelV4CallOptions, LanguageModelV4Prompt } from "@ai-sdk/provider";
import type { ChatTurn } from "./prompt-history";
import type { ReplyJob } from "./turns";

// What a reply asks the model for: the window's turns, max_tokens shrunk to what the context
// has left, and the thread's generation settings.
export function replyCallOptions(
  job: Pick<ReplyJob, "history" | "window" | "settings">,
  abortSignal?: AbortSignal,
): LanguageModelV4CallOptions {
  return {
    prompt: modelPrompt(job.history),
    maxOutputTokens: job.window.maxTokens,
    temperature: job.settings.temperature,
    topP: job.settings.topP,
    topK: job.settings.topK,
    providerOptions: { phogpt: { repetitionPenalty: job.settings.repetitionPenalty } },
    ...(abortSignal ? { abortSignal } : {}),
  };
}

/** The turns as the AI SDK's model prompt: each one text part. */
export function modelPrompt(turns: readonly ChatTurn[]): LanguageModelV4Prompt {
  return turns.map((turn) =>
    turn.role === "user"
      ? { role: "user", content: [{ type: "text", text: turn.content }] }
      : { role: "assistant", content: [{ type: "text", text: turn.content }] },
  );
}
