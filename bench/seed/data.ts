// Deterministic seed data: the same spec always yields the same users, threads and messages,
// so a cached database and a freshly seeded one are interchangeable.

export interface SeedSpec {
  users: number;
  threads: number;
  messages: number;
  /** Threads of the bench user (user 0) holding `longThreadMessages` messages each. */
  longThreads: number;
  longThreadMessages: number;
}

// The bench user's 100 threads are all long: 100,000 messages, the search's floor's user.
export const FULL_SEED: SeedSpec = {
  users: 1_000,
  threads: 100_000,
  messages: 1_000_000,
  longThreads: 100,
  longThreadMessages: 1_000,
};

export const QUICK_SEED: SeedSpec = { users: 5, threads: 50, messages: 500, longThreads: 2, longThreadMessages: 100 };

/** Every seeded user signs in with this password. */
export const SEED_PASSWORD = "mat-khau-bench-2026";

export function seedUserEmail(index: number): string {
  return `bench-${index}@example.vn`;
}

/** splitmix32: small, fast and good enough to spread text and timestamps. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4_294_967_296;
  };
}

export type IdKind = "user" | "thread" | "message";
const KIND_DIGIT: Record<IdKind, string> = { user: "1", thread: "2", message: "3" };

/**
 * A version-4-shaped UUID that is a pure function of (kind, index): unique by construction (the last
 * group holds the kind and the index), with hashed leading groups so index inserts land all over the
 * B-tree, as random UUIDs do. Ids can be recomputed instead of looked up (the bench user's long threads).
 */
export function seedId(kind: IdKind, index: number): string {
  const random = seededRandom(Math.imul(index + 1, 0x9e3779b1) ^ Number(KIND_DIGIT[kind]));
  const hex = (digits: number) =>
    Math.floor(random() * 16 ** digits)
      .toString(16)
      .padStart(digits, "0");
  const variant = (8 + Math.floor(random() * 4)).toString(16);
  const tail = `${KIND_DIGIT[kind]}${index.toString(16).padStart(11, "0")}`;
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${tail}`;
}

const QUESTIONS = [
  "Thủ đô của Việt Nam là gì và có những điểm tham quan nào nổi tiếng?",
  "Hãy giải thích ngắn gọn về quang hợp cho học sinh lớp 6.",
  "Viết một bài thơ lục bát về mùa thu Hà Nội.",
  "Làm thế nào để nấu phở bò ngon tại nhà?",
  "Tóm tắt lịch sử triều Nguyễn trong năm câu.",
  "So sánh ưu nhược điểm của xe máy điện và xe máy xăng.",
  "Cho tôi lời khuyên để chuẩn bị phỏng vấn xin việc ngành công nghệ thông tin.",
  "Sửa lỗi chính tả trong câu: 'Hôm nai trời mưa to quá nên em ko đi học được.'",
  "Giải thích sự khác nhau giữa lãi suất đơn và lãi suất kép, kèm ví dụ.",
  "Gợi ý lịch trình du lịch Đà Nẵng ba ngày hai đêm.",
  "Tại sao bầu trời có màu xanh?",
  "Dịch sang tiếng Anh: 'Chúc bạn một ngày làm việc hiệu quả.'",
];

const SENTENCES = [
  "Đây là một câu hỏi thú vị và có nhiều cách để trả lời.",
  "Trước hết, chúng ta cần hiểu rõ bối cảnh của vấn đề.",
  "Theo các tài liệu phổ biến, câu trả lời ngắn gọn là như sau.",
  "Bạn nên cân nhắc điều kiện thực tế của mình trước khi quyết định.",
  "Ngoài ra, còn một vài yếu tố khác cũng đáng được xem xét.",
  "Nhiều người thường nhầm lẫn giữa hai khái niệm này.",
  "Một ví dụ cụ thể sẽ giúp bạn hình dung dễ hơn.",
  "Nếu cần thêm thông tin, bạn có thể hỏi tiếp để tôi giải thích chi tiết.",
  "Hà Nội có lịch sử hơn một nghìn năm với nhiều di tích văn hóa.",
  "Quá trình này diễn ra qua nhiều giai đoạn khác nhau.",
  "Điều quan trọng nhất là duy trì thói quen đều đặn mỗi ngày.",
  "Kết quả phụ thuộc nhiều vào cách bạn chuẩn bị từ đầu.",
];

const LIST_ITEMS = [
  "**Chuẩn bị**: tìm hiểu kỹ thông tin cần thiết",
  "**Thực hiện**: làm từng bước một, không vội vàng",
  "**Kiểm tra**: xem lại kết quả và điều chỉnh nếu cần",
  "Tiết kiệm thời gian và chi phí",
  "Phù hợp với nhiều đối tượng khác nhau",
  "Dễ áp dụng trong cuộc sống hằng ngày",
];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function sentences(count: number, random: () => number): string {
  return Array.from({ length: count }, () => pick(SENTENCES, random)).join(" ");
}

export function question(random: () => number): string {
  return pick(QUESTIONS, random);
}

/** A reply as PhoGPT writes them: paragraphs, and now and then a Markdown list with bold text. */
export function longReply(random: () => number): string {
  const intro = sentences(2 + Math.floor(random() * 3), random);
  if (random() < 0.4) {
    const items = Array.from({ length: 3 }, () => `- ${pick(LIST_ITEMS, random)}`).join("\n");
    return `${intro}\n\n${items}\n\n${sentences(1 + Math.floor(random() * 2), random)}`;
  }
  return `${intro}\n\n${sentences(2 + Math.floor(random() * 3), random)}`;
}

/** Background threads only fill the tables; their replies are kept short to keep seeding fast. */
export function shortReply(random: () => number): string {
  return sentences(1 + Math.floor(random() * 2), random);
}

/** How many messages thread `index` of `total` gets when `messages` are spread evenly (whole numbers). */
export function evenShare(index: number, total: number, messages: number): number {
  return Math.floor(((index + 1) * messages) / total) - Math.floor((index * messages) / total);
}
