import { describe, expect, it } from "vitest";
import { dateAndTime } from "./dates";

describe("dateAndTime", () => {
  it("gives the date and the UTC time in each language, from a Date or an ISO string", () => {
    const when = "2026-11-26T09:05:00.000Z";
    expect(dateAndTime(when, "en")).toEqual({ date: "26 November 2026", time: "09:05 UTC" });
    expect(dateAndTime(new Date(when), "vi")).toEqual({ date: "26 tháng 11, 2026", time: "09:05 UTC" });
  });
});
