import { GENERATION_PROMPT, PHOGPT_EOS, QUESTION_PREFIX } from "./prompt";
import { pythonStrip } from "./python-strip";

// A prompt is the concatenation of its turns' fragments, cut so that a fragment's text never
// depends on its neighbours:
//   question: "\n### Câu hỏi: " + strip(text) + "\n### Trả lời:"
//   answer:   " " + text + "</s>"
// "### Câu hỏi: U1\n### Trả lời: A1</s>\n### Câu hỏi: U2\n### Trả lời:" is then
// fragment(U1) minus its leading "\n", fragment(A1), fragment(U2); an open answer (Continue) is
// its fragment without "</s>". Counting each fragment once therefore bounds the prompt from
// above: with PhoGPT's tokenizer the pre-tokenizer splits at every fragment boundary ("</s>" is
// a special token, a question ends with ":" before the answer's space, "\n" starts a new piece),
// so the sum is exact but for the first "\n" and an open answer's "</s>" (1 token each), as
// context-window.property.test.ts checks with the real tokenizer.

export interface FragmentTurn {
  role: "user" | "assistant";
  content: string;
}

export function turnFragment(turn: FragmentTurn): string {
  return turn.role === "user"
    ? `\n${QUESTION_PREFIX}${pythonStrip(turn.content)}${GENERATION_PROMPT}`
    : ` ${turn.content}${PHOGPT_EOS}`;
}

/**
 * UTF-8 length of `text`. Byte-level BPE gives every token at least one byte (a special token
 * such as "</s>" has four), so this bounds the token count from above on any server.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      // A surrogate pair is one 4-byte character; a lone surrogate is encoded as U+FFFD (3 bytes).
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** The fragment's token count when the server cannot count: its UTF-8 length (an upper bound). */
export function fragmentTokenBound(turn: FragmentTurn): number {
  return utf8Length(turnFragment(turn));
}
