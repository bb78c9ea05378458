import fs from "node:fs";
import path from "node:path";
import { Template } from "@huggingface/jinja";
import { describe, expect, it } from "vitest";
import { parseMarkers, stripMarkers } from "./markers.ts";
import { parsePrompt } from "./prompt.ts";
import { ECHO_STOP_BLOCK, planReply, promptChecksum, replyHeader } from "./reply.ts";
import { sharedDir } from "./testing/openapi.ts";
import { chatPrompt } from "./testing/prompts.ts";
import { decodeTokens, loadTokenizer } from "./tokens.ts";

const tok = loadTokenizer(path.join(sharedDir, "phogpt"));
const config = JSON.parse(fs.readFileSync(path.join(sharedDir, "phogpt", "tokenizer_config.json"), "utf8")) as {
  chat_template: string;
};

const history = chatPrompt([
  { question: "Xin chào", answer: "Chào bạn!" },
  { question: "Thủ đô của Việt Nam là gì?", answer: "Hà Nội." },
  { question: "Còn Pháp thì sao?" },
]);

function reply(prompt: string) {
  const parsed = parsePrompt(prompt);
  const markers = parseMarkers(parsed.lastQuestion);
  return planReply(tok, prompt, parsed, markers);
}

describe("chatPrompt test helper", () => {
  it("renders exactly what the official chat template renders", () => {
    const messages = [
      { role: "user", content: " Xin chào " },
      { role: "assistant", content: "Chào bạn!" },
      { role: "user", content: "Còn Pháp thì sao?" },
    ];
    const rendered = new Template(config.chat_template).render({
      messages,
      add_generation_prompt: true,
      eos_token: "</s>",
      bos_token: "<s>",
    });
    expect(chatPrompt([{ question: "Xin chào", answer: "Chào bạn!" }, { question: "Còn Pháp thì sao?" }])).toBe(
      rendered,
    );
  });
});

describe("parsePrompt", () => {
  it("reads the official template's turns", () => {
    expect(parsePrompt(history)).toEqual({
      questions: ["Xin chào", "Thủ đô của Việt Nam là gì?", "Còn Pháp thì sao?"],
      answers: ["Chào bạn!", "Hà Nội."],
      lastQuestion: "Còn Pháp thì sao?",
    });
  });

  it("reads the old Gradio form (no spaces, no </s>)", () => {
    const parsed = parsePrompt("\n### Câu hỏi:Một\n### Trả lời:Hai\n### Câu hỏi:Ba\n### Trả lời:");
    expect(parsed.questions).toEqual(["Một", "Ba"]);
    expect(parsed.answers).toEqual(["Hai"]);
  });

  it("treats a prompt without turn markers as one question", () => {
    expect(parsePrompt("  Viết một bài thơ  ")).toEqual({
      questions: ["Viết một bài thơ"],
      answers: [],
      lastQuestion: "Viết một bài thơ",
    });
  });
});

describe("parseMarkers", () => {
  it("reads every documented marker", () => {
    const m = parseMarkers(
      "[[len=500]] [[rate=5]] [[echo-stop]] [[html]] [[say=Xin chào]] [[fail-after=3]] [[stall-after=2]] [[close-after=4]] [[fail-before]] [[drop]]",
    );
    expect(m).toMatchObject({ length: 500, rate: 5, echoStop: true, html: true, say: "Xin chào" });
    expect(m.faults).toEqual({
      failAfterTokens: 3,
      stallAfterTokens: 2,
      closeAfterTokens: 4,
      failBeforeFirstToken: true,
      dropRequests: true,
    });
    expect(m.unknown).toEqual([]);
  });

  it("reports unknown and malformed markers instead of ignoring them silently", () => {
    const m = parseMarkers("[[lenght=5]] [[fail-after=x]] [[unhealthy]]");
    expect(m.unknown).toEqual(["[[lenght=5]]", "[[fail-after=x]]", "[[unhealthy]]"]);
    expect(m.faults).toEqual({});
  });

  it("strips markers from the question shown in replies", () => {
    expect(stripMarkers("Kể chuyện [[len=50]]\n  cổ tích")).toBe("Kể chuyện cổ tích");
  });
});

describe("planReply", () => {
  it("is deterministic: the same prompt gives the same tokens", () => {
    expect(reply(history)).toEqual(reply(history));
    expect(reply(history).ids).not.toEqual(reply(chatPrompt([{ question: "Còn Pháp thì sao?" }])).ids);
  });

  it("starts with a space, quotes the last question and counts the turns", () => {
    const { text } = reply(history);
    expect(text.startsWith(" Bạn hỏi: «Còn Pháp thì sao?»")).toBe(true);
    expect(text).toContain("Đây là lượt thứ 3 của cuộc trò chuyện (2 câu hỏi trước đó).");
    expect(text).toContain("Câu hỏi trước đó: «Thủ đô của Việt Nam là gì?».");
    expect(text).toContain(`Mã lời nhắc: ${promptChecksum(history)}.`);
  });

  it("ends with EOS, and the ids decode to the text", () => {
    const plan = reply(history);
    expect(plan.ids.at(-1)).toBe(2);
    expect(decodeTokens(tok, plan.ids)).toBe(plan.text);
  });

  it("defaults to a moderate length (40-80 tokens plus whole sentences)", () => {
    for (const q of ["a", "Một câu hỏi", "Hôm nay trời thế nào?", "Giải thích thuyết tương đối"]) {
      const n = reply(chatPrompt([{ question: q }])).ids.length - 1;
      expect(n).toBeGreaterThanOrEqual(40);
      expect(n).toBeLessThanOrEqual(110);
    }
  });

  it("[[len=N]] gives N tokens before EOS", () => {
    for (const n of [0, 5, 37, 500]) {
      const plan = reply(chatPrompt([{ question: `Kể chuyện [[len=${n}]]` }]));
      expect(plan.ids.length - 1).toBeGreaterThanOrEqual(Math.max(0, n - 3));
      expect(plan.ids.length - 1).toBeLessThanOrEqual(n);
    }
  });

  it("truncates a long question in the quote", () => {
    const long = "Câu hỏi rất dài ".repeat(20);
    expect(replyHeader(long, parsePrompt(chatPrompt([{ question: long }])))).toContain("…»");
  });

  it("[[html]] includes raw HTML and Markdown", () => {
    const { text } = reply(chatPrompt([{ question: "[[html]] hiển thị" }]));
    for (const part of [
      "<img src=x onerror=alert(1)>",
      "<script>alert(1)</script>",
      "**Chữ đậm**",
      "- Mục thứ nhất",
      "```js",
    ]) {
      expect(text).toContain(part);
    }
  });

  it("[[echo-stop]] makes the reply run into a fake next turn", () => {
    const { text } = reply(chatPrompt([{ question: "[[echo-stop]]" }]));
    expect(text).toContain(ECHO_STOP_BLOCK);
    expect(text).toContain("\n### Câu hỏi:");
  });

  it("[[say=...]] replies with exactly that text", () => {
    const plan = reply(chatPrompt([{ question: "[[say=Tiêu đề ngắn]]" }]));
    expect(plan.text).toBe(" Tiêu đề ngắn");
  });

  it("only the last question's markers count", () => {
    const prompt = chatPrompt([{ question: "[[say=cũ]]", answer: "cũ" }, { question: "Câu mới" }]);
    expect(reply(prompt).text.startsWith(" Bạn hỏi: «Câu mới»")).toBe(true);
  });
});
