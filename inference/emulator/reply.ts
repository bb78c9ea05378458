// Deterministic Vietnamese replies: they name the question and the turn count, so a test can tell
// which question was answered and that the whole history arrived.

import type { Markers } from "./markers.ts";
import { stripMarkers } from "./markers.ts";
import type { ParsedPrompt } from "./prompt.ts";
import { endsOnCharBoundary, joinTokenBytes, type TextTokenizer } from "./tokens.ts";

export interface ReplyPlan {
  text: string;
  /** Token ids to generate, EOS included. */
  ids: number[];
}

const QUOTE_LIMIT = 60;
const DEFAULT_MIN_TOKENS = 40;
const DEFAULT_SPREAD = 41;

export const FILLER_SENTENCES = [
  "Đây là câu trả lời của trình giả lập, không phải của mô hình thật.",
  "Hà Nội là thủ đô của Việt Nam, nổi tiếng với phố cổ và hồ Hoàn Kiếm.",
  "Phở là món ăn quen thuộc, thường được ăn vào buổi sáng.",
  "Sông Mê Kông chảy qua nhiều quốc gia trước khi đổ ra biển Đông.",
  "Tiếng Việt có sáu thanh điệu, mỗi thanh làm thay đổi nghĩa của từ.",
  "Vịnh Hạ Long có hàng nghìn hòn đảo đá vôi lớn nhỏ.",
  "Cà phê sữa đá là thức uống được nhiều người yêu thích.",
  "Áo dài là trang phục truyền thống trong những dịp quan trọng.",
  "Mùa mưa ở miền Nam thường kéo dài từ tháng năm đến tháng mười một.",
  "Đà Lạt có khí hậu mát mẻ quanh năm và nhiều vườn hoa.",
  "Người ta thường gói bánh chưng vào dịp Tết Nguyên Đán.",
  "Thành phố Hồ Chí Minh là trung tâm kinh tế lớn nhất cả nước.",
  "Ruộng bậc thang ở Mù Cang Chải đẹp nhất vào mùa lúa chín.",
  "Đọc sách mỗi ngày giúp mở rộng vốn từ và hiểu biết.",
  "Một câu hỏi hay thường mở ra nhiều cách trả lời khác nhau.",
  "Hội An giữ được nhiều ngôi nhà cổ và những chiếc đèn lồng rực rỡ.",
] as const;

const HTML_BLOCK =
  "\n\n**Chữ đậm** và *chữ nghiêng*.\n\n- Mục thứ nhất\n- Mục thứ hai\n\n" +
  '```js\nconsole.log("xin chào");\n```\n\n' +
  "<img src=x onerror=alert(1)>\n\n<script>alert(1)</script>\n\n";

/** A model that runs past its answer writes the next turn itself; stop strings must catch this. */
export const ECHO_STOP_BLOCK =
  " Sau đây mô hình tự viết tiếp một lượt hỏi mới.\n### Câu hỏi: Câu hỏi này do mô hình tự bịa ra?\n### Trả lời: Đây là câu trả lời tự bịa.";

/** FNV-1a, 32 bits: a stable prompt fingerprint that tests can recompute. */
export function promptChecksum(prompt: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(prompt)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** mulberry32: small seeded PRNG, so the same prompt always yields the same reply. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quote(text: string): string {
  const chars = [...stripMarkers(text)];
  return chars.length <= QUOTE_LIMIT ? chars.join("") : `${chars.slice(0, QUOTE_LIMIT).join("")}…`;
}

/** The opening sentence(s): the question, the turn number and the prompt checksum. */
export function replyHeader(prompt: string, parsed: ParsedPrompt): string {
  const turn = parsed.questions.length;
  let header = ` Bạn hỏi: «${quote(parsed.lastQuestion)}». Đây là lượt thứ ${turn} của cuộc trò chuyện (${turn - 1} câu hỏi trước đó).`;
  const previous = parsed.questions.at(-2);
  if (previous !== undefined) header += ` Câu hỏi trước đó: «${quote(previous)}».`;
  return `${header} Mã lời nhắc: ${promptChecksum(prompt)}.`;
}

export function planReply(tokenizer: TextTokenizer, prompt: string, parsed: ParsedPrompt, markers: Markers): ReplyPlan {
  const seed = Number.parseInt(promptChecksum(prompt), 16);
  const random = seededRandom(seed);
  let text = markers.say !== null ? ` ${markers.say}` : replyHeader(prompt, parsed);
  if (markers.html) text += HTML_BLOCK;
  if (markers.echoStop) text += ECHO_STOP_BLOCK;

  const defaultTarget = markers.say !== null ? 0 : DEFAULT_MIN_TOKENS + (seed % DEFAULT_SPREAD);
  const target = markers.length ?? defaultTarget;
  let ids = tokenizer.encode(text);
  while (ids.length < target) {
    // The pre-tokenizer splits before a space, so appended sentences tokenize on their own.
    const sentence = ` ${FILLER_SENTENCES[Math.floor(random() * FILLER_SENTENCES.length)] ?? ""}`;
    text += sentence;
    ids = ids.concat(tokenizer.encode(sentence));
  }
  if (markers.length !== null && ids.length > markers.length) {
    ids = cutOnCharBoundary(tokenizer, ids, markers.length);
    text = new TextDecoder().decode(joinTokenBytes(tokenizer, ids));
  }
  return { text, ids: [...ids, tokenizer.eosId] };
}

// Cutting between the byte-level tokens of one character would leave broken UTF-8; back off instead.
function cutOnCharBoundary(tokenizer: TextTokenizer, ids: number[], length: number): number[] {
  let cut = ids.slice(0, length);
  while (cut.length > 0 && !endsOnCharBoundary(joinTokenBytes(tokenizer, cut))) cut = cut.slice(0, -1);
  return cut;
}
