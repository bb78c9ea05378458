import { describe, expect, it } from "vitest";
import { initialWindow, olderPage } from "./message-window";

const thread = Array.from({ length: 120 }, (_, position) => ({ id: `m${position}`, position }));
const positions = (messages: readonly { position: number }[]) => messages.map((message) => message.position);

describe("olderPage", () => {
  it("gives the newest page without a position, and says older ones exist", () => {
    const page = olderPage(thread, { limit: 50 });
    expect(positions(page.messages)).toEqual(Array.from({ length: 50 }, (_, index) => 70 + index));
    expect(page.hasOlder).toBe(true);
  });

  it("gives the page just before a position", () => {
    const page = olderPage(thread, { before: 70, limit: 50 });
    expect(positions(page.messages)).toEqual(Array.from({ length: 50 }, (_, index) => 20 + index));
    expect(page.hasOlder).toBe(true);
  });

  it("ends at the first message", () => {
    const page = olderPage(thread, { before: 20, limit: 50 });
    expect(positions(page.messages)).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(page.hasOlder).toBe(false);
  });

  it("is empty before the first message and for an empty thread", () => {
    expect(olderPage(thread, { before: 0, limit: 50 })).toEqual({ messages: [], hasOlder: false });
    expect(olderPage([], { limit: 50 })).toEqual({ messages: [], hasOlder: false });
  });

  it("treats a position past the end as the end", () => {
    expect(positions(olderPage(thread, { before: 10_000, limit: 3 }).messages)).toEqual([117, 118, 119]);
  });

  it("gives the whole of a short thread", () => {
    const short = thread.slice(0, 4);
    expect(olderPage(short, { limit: 50 })).toEqual({ messages: short, hasOlder: false });
  });
});

describe("initialWindow", () => {
  it("is the newest page when no message is linked", () => {
    const shown = initialWindow(thread, { limit: 50 });
    expect(positions(shown.messages)[0]).toBe(70);
    expect(shown.focusId).toBeUndefined();
  });

  it("runs from a little above a linked message to the end", () => {
    const shown = initialWindow(thread, { limit: 50, focusId: "m30" });
    expect(positions(shown.messages)[0]).toBe(20);
    expect(positions(shown.messages).at(-1)).toBe(119);
    expect(shown).toMatchObject({ hasOlder: true, focusId: "m30" });
  });

  it("is the newest page for a linked message inside it", () => {
    const shown = initialWindow(thread, { limit: 50, focusId: "m100" });
    expect(positions(shown.messages)[0]).toBe(70);
    expect(shown.focusId).toBe("m100");
  });

  it("starts at the first message for a link near the top", () => {
    const shown = initialWindow(thread, { limit: 50, focusId: "m3" });
    expect(shown.messages).toHaveLength(120);
    expect(shown.hasOlder).toBe(false);
  });

  it("ignores an id that is not in the thread", () => {
    const shown = initialWindow(thread, { limit: 50, focusId: "elsewhere" });
    expect(positions(shown.messages)[0]).toBe(70);
    expect(shown.focusId).toBeUndefined();
  });
});
