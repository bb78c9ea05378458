// Test support: PhoGPT prompts in the official chat-template form.

export interface Turn {
  question: string;
  answer?: string;
}

/** `### Câu hỏi: U1\n### Trả lời: A1</s>\n### Câu hỏi: U2\n### Trả lời:` */
export function chatPrompt(turns: Turn[]): string {
  return turns
    .map((turn, i) => {
      const question = `${i === 0 ? "" : "\n"}### Câu hỏi: ${turn.question.trim()}`;
      return turn.answer === undefined ? `${question}\n### Trả lời:` : `${question}\n### Trả lời: ${turn.answer}</s>`;
    })
    .join("");
}

export const ask = (question: string): string => chatPrompt([{ question }]);
