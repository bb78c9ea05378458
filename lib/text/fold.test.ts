import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fileNameFromTitle, foldVietnamese } from "./fold";

describe("foldVietnamese", () => {
  it.each([
    ["Tiếng Việt", "tieng viet"],
    ["Đà Nẵng", "da nang"],
    ["ĐƯỜNG ĐI", "duong di"],
    ["Hồ Chí Minh", "ho chi minh"],
    ["Phở bò tái", "pho bo tai"],
    [
      "Quốc ngữ: ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự",
      "quoc ngu: a a a a a a a a a a e e e e e o o o o o o o o o o u u u u u",
    ],
  ])("%s → %s", (input, folded) => {
    expect(foldVietnamese(input)).toBe(folded);
  });

  it("folds precomposed and decomposed input alike", () => {
    expect(foldVietnamese("Việt".normalize("NFD"))).toBe(foldVietnamese("Việt".normalize("NFC")));
  });

  it("is idempotent and leaves ASCII lowercase text alone", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const once = foldVietnamese(text);
        expect(foldVietnamese(once)).toBe(once);
      }),
    );
    expect(foldVietnamese("hello world 42")).toBe("hello world 42");
  });
});

describe("fileNameFromTitle", () => {
  it("turns a Vietnamese title into a safe file name", () => {
    expect(fileNameFromTitle("Đà Nẵng có gì ngon? (phần 2)")).toBe("da-nang-co-gi-ngon-phan-2");
    expect(fileNameFromTitle("   ")).toBe("phogpt-chat");
    expect(fileNameFromTitle('../../etc/passwd"; rm -rf')).toBe("etc-passwd-rm-rf");
  });
});
