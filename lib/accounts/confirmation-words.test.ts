import { describe, expect, it } from "vitest";
import { isDeleteConfirmation } from "./confirmation-words";

describe("isDeleteConfirmation", () => {
  it("takes the word with or without its accent, or in English, in any case, around spaces", () => {
    for (const typed of ["XÓA", "xóa", " Xoa ", "delete", "DELETE"]) expect(isDeleteConfirmation(typed)).toBe(true);
  });

  it("refuses anything else", () => {
    for (const typed of [undefined, "", "không", "XÓA HẾT", "dele te"]) expect(isDeleteConfirmation(typed)).toBe(false);
  });
});
