import { describe, expect, it } from "vitest";
import { ModelServerError } from "@/lib/model-server/errors";
import { serverTokenCounter } from "./token-counter";

function fakeServer(answers: (number | null | Error)[]) {
  const asked: string[] = [];
  return {
    asked,
    server: {
      countTokens: async (text: string) => {
        asked.push(text);
        const answer = answers.shift() ?? null;
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
  };
}

describe("serverTokenCounter", () => {
  it("gives the server's count", async () => {
    const { server } = fakeServer([13]);
    expect(await serverTokenCounter(server).count("### Câu hỏi: Xin chào\n### Trả lời:")).toBe(13);
  });

  it("stops asking for a while a server without /tokenize, or one that failed, then asks again", async () => {
    let now = 0;
    const { server, asked } = fakeServer([null, 5, new ModelServerError("timeout", "slow"), 7]);
    const counter = serverTokenCounter(server, { pauseMs: 1_000, now: () => now });
    expect(await counter.count("a")).toBeNull();
    expect(await counter.count("b")).toBeNull();
    expect(asked).toEqual(["a"]);
    now = 1_000;
    expect(await counter.count("c")).toBe(5);
    expect(await counter.count("d")).toBeNull();
    expect(await counter.count("e")).toBeNull();
    now = 2_500;
    expect(await counter.count("f")).toBe(7);
    expect(asked).toEqual(["a", "c", "d", "f"]);
  });
});
