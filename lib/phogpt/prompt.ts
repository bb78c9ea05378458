import { pythonStrip } from "./python-strip.ts";

// Renders PhoGPT-4B-Chat's official chat template (tokenizer_config.json) byte for byte:
//   ### Câu hỏi: U1\n### Trả lời: A1</s>\n### Câu hỏi: U2\n### Trả lời:
// including its quirks: system messages render nothing but still count for the template's
// `loop.first` / `loop.last` (a user turn after a leading system message gets a leading "\n";
// a trailing system message suppresses the generation prompt). Callers that do not want those
// quirks drop system turns before calling.

export const PHOGPT_EOS = "</s>";
export const QUESTION_PREFIX = "### Câu hỏi: ";
export const ANSWER_PREFIX = "\n### Trả lời: ";
export const GENERATION_PROMPT = "\n### Trả lời:";
/** The model's own start of a new turn: generation must stop here. */
export const TURN_STOP = "\n### Câu hỏi:";

export interface PhoGptTurn {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface BuildPhoGptPromptOptions {
  /**
   * Leave the last turn (which must be an assistant turn) open, without `</s>`, so that
   * generation continues it ("Continue"). Default false.
   */
  continueAssistant?: boolean;
  /** The template's `add_generation_prompt`: end with `\n### Trả lời:` after a final user turn. Default true. */
  addGenerationPrompt?: boolean;
}

export function buildPhoGptPrompt(turns: readonly PhoGptTurn[], options: BuildPhoGptPromptOptions = {}): string {
  const { continueAssistant = false, addGenerationPrompt = true } = options;
  const lastIndex = turns.length - 1;
  if (continueAssistant && turns[lastIndex]?.role !== "assistant") {
    throw new Error("continueAssistant needs an assistant turn as the last turn");
  }

  let prompt = "";
  turns.forEach((turn, index) => {
    const isFirst = index === 0;
    const isLast = index === lastIndex;
    if (turn.role === "user") {
      prompt += (isFirst ? "" : "\n") + QUESTION_PREFIX + pythonStrip(turn.content);
      if (isLast && addGenerationPrompt) prompt += GENERATION_PROMPT;
    } else if (turn.role === "assistant") {
      prompt += ANSWER_PREFIX + turn.content + (isLast && continueAssistant ? "" : PHOGPT_EOS);
    }
  });
  return prompt;
}
