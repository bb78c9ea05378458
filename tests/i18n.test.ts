import { describe, expect, it } from "vitest";
import { en, translate, vi } from "@/lib/i18n/dictionaries";
import { negotiateLocale } from "@/lib/i18n/negotiate";

describe("negotiateLocale", () => {
  it.each([
    [undefined, null, "vi"],
    [undefined, "en-US,en;q=0.9", "en"],
    [undefined, "fr-FR,en;q=0.5,vi;q=0.8", "vi"],
    [undefined, "fr-FR,de;q=0.5", "vi"],
    [undefined, "vi-VN", "vi"],
    ["en", "vi-VN", "en"],
    ["vi", "en-GB", "vi"],
    ["xx", "en-GB", "en"],
    [undefined, "en;q=0, vi;q=0.1", "vi"],
  ])("cookie %s, Accept-Language %s → %s", (cookie, header, expected) => {
    expect(negotiateLocale(cookie, header)).toBe(expected);
  });
});

describe("dictionaries", () => {
  it("have the same keys and no empty strings", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const value of [...Object.values(vi), ...Object.values(en)]) expect(value.trim()).not.toBe("");
  });

  it("use the same placeholders in both languages", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });

  it("fill placeholders", () => {
    expect(translate(vi, "error.message_too_long", { max: 16000 })).toContain("16000");
  });
});
