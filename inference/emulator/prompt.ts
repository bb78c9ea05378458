// Reads a PhoGPT chat prompt back into its turns, so replies can name the question and count the history.

export interface ParsedPrompt {
  /** User questions in order, stripped. */
  questions: string[];
  /** Assistant answers that were part of the prompt, without `</s>`. */
  answers: string[];
  /** The question being answered now (the whole prompt when it has no turn markers). */
  lastQuestion: string;
}

const QUESTION = "### Câu hỏi:";
const ANSWER = "### Trả lời:";

/**
 * Accepts the official template (`### Câu hỏi: U1\n### Trả lời: A1</s>\n### Câu hỏi: U2\n### Trả lời:`)
 * and the older Gradio form (no spaces, no `</s>`).
 */
export function parsePrompt(prompt: string): ParsedPrompt {
  const text = prompt.normalize("NFC");
  const segments = text.split(QUESTION);
  if (segments.length < 2) {
    const whole = text.trim();
    return { questions: [whole], answers: [], lastQuestion: whole };
  }
  const questions: string[] = [];
  const answers: string[] = [];
  for (const segment of segments.slice(1)) {
    const answerAt = segment.indexOf(ANSWER);
    const question = answerAt === -1 ? segment : segment.slice(0, answerAt);
    questions.push(question.trim());
    if (answerAt === -1) continue;
    const answer = segment
      .slice(answerAt + ANSWER.length)
      .replace(/<\/s>/g, "")
      .trim();
    if (answer !== "") answers.push(answer);
  }
  return { questions, answers, lastQuestion: questions.at(-1) ?? "" };
}
