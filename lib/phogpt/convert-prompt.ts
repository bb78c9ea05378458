import { UnsupportedFunctionalityError, type LanguageModelV4Prompt, type SharedV4Warning } from "@ai-sdk/provider";
import { buildPhoGptPrompt, type PhoGptTurn } from "./prompt";

// AI SDK prompt → PhoGPT prompt text. PhoGPT has no system role, no tools and no images.
// An assistant message as the last message is an open answer to continue ("Continue"): it is
// rendered without </s>, and the model's continuation is appended to it as is.

export interface ConvertedPrompt {
  prompt: string;
  /** True when the prompt ends with an open assistant turn rather than the generation prompt. */
  continuing: boolean;
  warnings: SharedV4Warning[];
}

export function convertToPhoGptPrompt(messages: LanguageModelV4Prompt): ConvertedPrompt {
  const warnings: SharedV4Warning[] = [];
  const turns: PhoGptTurn[] = [];
  for (const message of messages) {
    switch (message.role) {
      case "system":
        // Dropped here rather than passed to buildPhoGptPrompt: the official template renders
        // nothing for them but would then give the first question a leading "\n".
        if (!warnings.some((w) => w.type === "unsupported" && w.feature === "system messages")) {
          warnings.push({
            type: "unsupported",
            feature: "system messages",
            details: "PhoGPT-4B-Chat has no system role; system messages are dropped.",
          });
        }
        break;
      case "user":
        turns.push({ role: "user", content: message.content.map((part) => textOf(part, "user")).join("") });
        break;
      case "assistant":
        turns.push({
          role: "assistant",
          content: message.content.map((part) => (part.type === "reasoning" ? "" : textOf(part, "assistant"))).join(""),
        });
        break;
      case "tool":
        throw new UnsupportedFunctionalityError({ functionality: "tool messages" });
    }
  }
  const continuing = turns.at(-1)?.role === "assistant";
  return { prompt: buildPhoGptPrompt(turns, { continueAssistant: continuing }), continuing, warnings };
}

function textOf(part: { type: string; text?: string }, role: string): string {
  if (part.type === "text" && typeof part.text === "string") return part.text;
  throw new UnsupportedFunctionalityError({ functionality: `${part.type} parts in ${role} messages` });
}
