// Assembling the prompt of a long thread with every message's token count already stored (the
// chat path's work before each model call): fit the window, then render the kept turns.
import { assemblePrompt, type AssemblyTurn } from "../../lib/phogpt/context-window.ts";
import { reportPercentiles, type ReportedPercentiles } from "../lib/stats.ts";

export interface PromptAssemblyResults {
  messages: number;
  iterations: number;
  keptMessages: number;
  ms: ReportedPercentiles;
}

const WORDS = [
  "Hà Nội",
  "phở",
  "tiếng Việt",
  "mô hình",
  "câu trả lời",
  "Đà Nẵng",
  "học",
  "máy",
  "dữ liệu",
  "```js\nx()\n```",
];

function longThread(messages: number): AssemblyTurn[] {
  return Array.from({ length: messages }, (_, index) => {
    const content = Array.from({ length: 20 + (index % 60) }, (__, word) => WORDS[(index + word) % WORDS.length]).join(
      " ",
    );
    // A byte count bounds the token count from above, as the app's fallback does.
    return { role: index % 2 === 0 ? "user" : "assistant", content, tokens: Buffer.byteLength(content) };
  });
}

export function runPromptAssembly({
  messages,
  iterations,
}: {
  messages: number;
  iterations: number;
}): PromptAssemblyResults {
  const turns = longThread(messages % 2 === 1 ? messages : messages + 1); // ends with a question
  const budget = { maxInputTokens: 7168, maxTotalTokens: 8192, maxReplyTokens: 1024, minReplyTokens: 256 };
  let kept = 0;
  for (let i = 0; i < 20; i++) assemblePrompt(turns, budget); // warm-up
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const { fit, prompt } = assemblePrompt(turns, budget);
    times.push(performance.now() - started);
    if (!fit.fits || prompt === null) throw new Error("the benchmark thread's last question does not fit");
    kept = turns.length - fit.start;
  }
  return {
    messages: turns.length,
    iterations,
    keptMessages: kept,
    ms: reportPercentiles(
      times.sort((a, b) => a - b),
      4,
    ),
  };
}
