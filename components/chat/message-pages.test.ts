import { describe, expect, it } from "vitest";
import { hasOlderMessages, toChatMessages } from "./chat-message";
import { mergeNewestPage, prependOlder } from "./message-pages";

const stored = (position: number, content = `tin ${position}`) => ({
  id: `m${position}`,
  position,
  role: position % 2 === 0 ? ("user" as const) : ("assistant" as const),
  content,
  status: "complete",
  errorCode: null,
  finishReason: null,
});
const page = (from: number, to: number) =>
  toChatMessages(Array.from({ length: to - from }, (_, i) => stored(from + i)));
const ids = (messages: readonly { id: string }[]) => messages.map((message) => message.id);

describe("prependOlder", () => {
  it("puts an older page in front", () => {
    expect(ids(prependOlder(page(2, 4), page(0, 2)))).toEqual(["m0", "m1", "m2", "m3"]);
  });

  it("does not repeat messages already shown", () => {
    expect(ids(prependOlder(page(2, 4), page(0, 3)))).toEqual(["m0", "m1", "m2", "m3"]);
  });
});

describe("mergeNewestPage", () => {
  it("keeps the older messages loaded and takes the server's copy of the rest", () => {
    const current = page(0, 6);
    const newest = toChatMessages([stored(3), stored(4), stored(5, "đã sửa"), stored(6)]);
    const merged = mergeNewestPage(current, newest);
    expect(ids(merged)).toEqual(["m0", "m1", "m2", "m3", "m4", "m5", "m6"]);
    expect(merged[5]?.parts).toEqual([{ type: "text", text: "đã sửa" }]);
  });

  it("replaces a view that shares nothing with the page", () => {
    expect(ids(mergeNewestPage(page(0, 2), page(10, 12)))).toEqual(["m10", "m11"]);
  });

  it("empties the view for an empty thread", () => {
    expect(mergeNewestPage(page(0, 2), [])).toEqual([]);
  });
});

describe("hasOlderMessages", () => {
  it("is true when the first message shown is not the thread's first", () => {
    expect(hasOlderMessages(page(5, 8))).toBe(true);
    expect(hasOlderMessages(page(0, 8))).toBe(false);
  });

  it("is false for a new chat's messages, which carry no position", () => {
    expect(hasOlderMessages([])).toBe(false);
    const unsaved = toChatMessages([{ ...stored(0), position: undefined }]);
    expect(hasOlderMessages(unsaved)).toBe(false);
  });
});
