import { describe, expect, it } from "vitest";
import { withFoldedText } from "./folding";

describe("withFoldedText", () => {
  it("adds the folded copy beside every written text", () => {
    expect(withFoldedText({ data: { threadId: "t", content: "Đà Nẵng" } }, "message")).toEqual({
      data: { threadId: "t", content: "Đà Nẵng", contentFolded: "da nang" },
    });
    expect(withFoldedText({ where: { id: "t" }, data: { title: { set: "Tiếng Việt" } } }, "thread")).toEqual({
      where: { id: "t" },
      data: { title: { set: "Tiếng Việt" }, titleFolded: "tieng viet" },
    });
    expect(withFoldedText({ data: [{ content: "Huế" }, { content: "Hội An" }] }, "message")).toEqual({
      data: [
        { content: "Huế", contentFolded: "hue" },
        { content: "Hội An", contentFolded: "hoi an" },
      ],
    });
  });

  it("folds both sides of an upsert and messages created with their thread", () => {
    expect(withFoldedText({ create: { title: "Á" }, update: { title: "Ồ" }, where: {} }, "thread")).toEqual({
      create: { title: "Á", titleFolded: "a" },
      update: { title: "Ồ", titleFolded: "o" },
      where: {},
    });
    const nested = withFoldedText(
      {
        data: {
          title: "Phở",
          messages: { create: [{ content: "Bún chả" }], createMany: { data: [{ content: "Chè" }] } },
        },
      },
      "thread",
    );
    expect(nested).toEqual({
      data: {
        title: "Phở",
        titleFolded: "pho",
        messages: {
          create: [{ content: "Bún chả", contentFolded: "bun cha" }],
          createMany: { data: [{ content: "Chè", contentFolded: "che" }] },
        },
      },
    });
  });

  it("leaves streaming progress, reads and writes without text alone", () => {
    const progress = { where: { id: "m" }, data: { content: "Đang viết", status: "streaming" } };
    expect(withFoldedText(progress, "message")).toEqual(progress);
    const statusOnly = { where: { id: "m" }, data: { status: "interrupted" } };
    expect(withFoldedText(statusOnly, "message")).toEqual(statusOnly);
    const read = { where: { content: "Đà" } };
    expect(withFoldedText(read, "message")).toEqual(read);
  });
});
