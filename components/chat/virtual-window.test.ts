import { describe, expect, it } from "vitest";
import { firstRows, rowAt, rowOffsets, rowsBetween } from "./virtual-window";

const heights = [100, 50, 200, 10, 40];
const offsets = rowOffsets(heights.length, (index) => heights[index] ?? 0);

describe("rowOffsets", () => {
  it("adds up the heights, with the total last", () => {
    expect(offsets).toEqual([0, 100, 150, 350, 360, 400]);
  });

  it("has only the zero start for no rows", () => {
    expect(rowOffsets(0, () => 10)).toEqual([0]);
  });
});

describe("rowAt", () => {
  it("finds the row under a point, the next row exactly at a boundary", () => {
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 99.5)).toBe(0);
    expect(rowAt(offsets, 100)).toBe(1);
    expect(rowAt(offsets, 355)).toBe(3);
  });

  it("clamps above and below the rows", () => {
    expect(rowAt(offsets, -500)).toBe(0);
    expect(rowAt(offsets, 10_000)).toBe(4);
  });
});

describe("rowsBetween", () => {
  it("returns every row the band overlaps", () => {
    expect(rowsBetween(offsets, 120, 355)).toEqual({ start: 1, end: 4 });
    expect(rowsBetween(offsets, 0, 400)).toEqual({ start: 0, end: 5 });
  });

  it("does not include a row that only starts where the band ends", () => {
    expect(rowsBetween(offsets, 0, 100)).toEqual({ start: 0, end: 1 });
  });

  it("keeps at least one row when the band is past the end", () => {
    expect(rowsBetween(offsets, 900, 1_000)).toEqual({ start: 4, end: 5 });
  });

  it("is empty without rows", () => {
    expect(rowsBetween([0], 0, 100)).toEqual({ start: 0, end: 0 });
  });

  it("stays small for a thousand rows whatever the band", () => {
    const many = rowOffsets(1_000, (index) => 80 + (index % 7) * 30);
    const middle = rowsBetween(many, 50_000, 51_600);
    expect(middle.end - middle.start).toBeLessThan(25);
    expect(many[middle.start]).toBeLessThanOrEqual(50_000);
    expect(many[middle.end]).toBeGreaterThanOrEqual(51_600);
  });
});

describe("firstRows", () => {
  it("starts with the last rows", () => {
    expect(firstRows(100, 10)).toEqual({ start: 90, end: 100 });
    expect(firstRows(4, 10)).toEqual({ start: 0, end: 4 });
  });

  it("starts a little above a given row, kept inside the list", () => {
    expect(firstRows(100, 10, 40)).toEqual({ start: 38, end: 48 });
    expect(firstRows(100, 10, 0)).toEqual({ start: 0, end: 10 });
    expect(firstRows(100, 10, 99)).toEqual({ start: 90, end: 100 });
  });
});
