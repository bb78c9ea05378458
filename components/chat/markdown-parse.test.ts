import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown, safeHref } from "./markdown-parse";

describe("parseMarkdown blocks", () => {
  it("reads the emulator's formatting sample, raw HTML as text", () => {
    const text =
      'Bạn hỏi: x\n\n**Chữ đậm** và *chữ nghiêng*.\n\n- Mục thứ nhất\n- Mục thứ hai\n\n```js\nconsole.log("xin chào");\n```\n\n' +
      "<img src=x onerror=alert(1)>\n\n<script>alert(1)</script>\n\n";
    expect(parseMarkdown(text)).toEqual([
      { type: "paragraph", children: ["Bạn hỏi: x"] },
      {
        type: "paragraph",
        children: [{ type: "strong", children: ["Chữ đậm"] }, " và ", { type: "em", children: ["chữ nghiêng"] }, "."],
      },
      {
        type: "list",
        ordered: false,
        start: 1,
        tight: true,
        items: [
          [{ type: "paragraph", children: ["Mục thứ nhất"] }],
          [{ type: "paragraph", children: ["Mục thứ hai"] }],
        ],
      },
      { type: "code", language: "js", value: 'console.log("xin chào");' },
      { type: "paragraph", children: ["<img src=x onerror=alert(1)>"] },
      { type: "paragraph", children: ["<script>alert(1)</script>"] },
    ]);
  });

  it("reads headings, rules, quotes, ordered and nested lists", () => {
    const text = "# Tiêu đề\n\nĐoạn\n---\n\n> trích\ndẫn\n\n***\n\n3. ba\n4. bốn\n   - con\n";
    expect(parseMarkdown(text)).toEqual([
      { type: "heading", level: 1, children: ["Tiêu đề"] },
      { type: "heading", level: 2, children: ["Đoạn"] },
      { type: "quote", children: [{ type: "paragraph", children: ["trích\ndẫn"] }] },
      { type: "rule" },
      {
        type: "list",
        ordered: true,
        start: 3,
        tight: true,
        items: [
          [{ type: "paragraph", children: ["ba"] }],
          [
            { type: "paragraph", children: ["bốn"] },
            {
              type: "list",
              ordered: false,
              start: 1,
              tight: true,
              items: [[{ type: "paragraph", children: ["con"] }]],
            },
          ],
        ],
      },
    ]);
  });

  it("keeps an unclosed code fence open to the end (a reply still streaming)", () => {
    expect(parseMarkdown("Mã:\n```py\nprint(1)\n")).toEqual([
      { type: "paragraph", children: ["Mã:"] },
      { type: "code", language: "py", value: "print(1)\n" },
    ]);
  });

  it("marks a list with blank lines between items as loose", () => {
    const [list] = parseMarkdown("- một\n\n- hai\n");
    expect(list).toMatchObject({ type: "list", tight: false });
  });
});

describe("parseInline", () => {
  it("reads code spans without emphasis inside them", () => {
    expect(parseInline("chạy `a*b*c` nhé")).toEqual(["chạy ", { type: "code", value: "a*b*c" }, " nhé"]);
  });

  it("keeps snake_case and lone stars as text", () => {
    expect(parseInline("biến my_var_name và 2 * 3")).toEqual(["biến my_var_name và 2 * 3"]);
  });

  it("reads safe links and drops unsafe targets to their text", () => {
    expect(parseInline("[VinAI](https://www.vinai.io) và [bấm](javascript:alert(1))")).toEqual([
      { type: "link", href: "https://www.vinai.io", children: ["VinAI"] },
      " và bấm",
    ]);
  });

  it("turns images into links to them, never images", () => {
    expect(parseInline("![ảnh](https://x.vn/a.png)")).toEqual([
      { type: "link", href: "https://x.vn/a.png", children: ["ảnh"] },
    ]);
    expect(parseInline("![ảnh](javascript:alert(1))")).toEqual(["ảnh"]);
  });

  it("reads escapes, hard breaks and autolinks", () => {
    expect(parseInline("\\*không nghiêng\\*  \ndòng <https://a.vn>")).toEqual([
      "*không nghiêng*",
      { type: "break" },
      "dòng ",
      { type: "link", href: "https://a.vn", children: ["https://a.vn"] },
    ]);
  });

  it("nests emphasis inside strong", () => {
    expect(parseInline("**đậm *nghiêng* đậm**")).toEqual([
      { type: "strong", children: ["đậm ", { type: "em", children: ["nghiêng"] }, " đậm"] },
    ]);
  });
});

describe("safeHref", () => {
  it("allows web, mail and relative targets only", () => {
    expect(safeHref("https://a.vn")).toBe("https://a.vn");
    expect(safeHref("mailto:a@b.vn")).toBe("mailto:a@b.vn");
    expect(safeHref("/c/1?x=a:b")).toBe("/c/1?x=a:b");
    expect(safeHref("javascript:alert(1)")).toBe("");
    expect(safeHref("JaVaScRiPt:alert(1)")).toBe("");
    expect(safeHref("data:text/html,<script>")).toBe("");
    expect(safeHref("vbscript:x")).toBe("");
  });
});
