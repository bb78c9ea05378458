import { describe, expect, it } from "vitest";
import { ftsMatchExpression, ownerToken, searchWords, SEARCH_MAX_WORDS, tsQueryExpression } from "./query";

describe("searchWords", () => {
  it("folds and splits the query into distinct words", () => {
    expect(searchWords("  Đà Nẵng, đà NẴNG! tiếng-việt ")).toEqual(["da", "nang", "tieng", "viet"]);
  });

  it("keeps nothing of full-text syntax", () => {
    expect(searchWords(`"x" * NEAR( -y ^z a:b 'c' & | ! <->`)).toEqual(["x", "near", "y", "z", "a", "b", "c"]);
    expect(searchWords(`" * ( ) : - '`)).toEqual([]);
  });

  it("reads decomposed input like precomposed", () => {
    expect(searchWords("Việt".normalize("NFD"))).toEqual(["viet"]);
  });

  it("bounds the number of words", () => {
    expect(searchWords("a b c d e f g h i j k l")).toHaveLength(SEARCH_MAX_WORDS);
  });
});

describe("index expressions", () => {
  it("scope FTS5 to the owner's token and ask every word as a prefix", () => {
    expect(ftsMatchExpression("u-1", ["da", "nang"])).toBe(`owner : "752d31" AND body : ("da"* AND "nang"*)`);
    expect(ownerToken("Ab")).toBe("4162");
  });

  it("ask every word as a prefix lexeme in PostgreSQL", () => {
    expect(tsQueryExpression(["da", "nang"])).toBe("'da':* & 'nang':*");
  });
});
