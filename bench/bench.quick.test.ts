// A tiny bench run completes and writes a well-formed results file. No wall-clock limits are
// asserted: timings depend on the machine; the floors are reported by the bench, never tested here.
// Needs a production build: run it after `npm run build` (npx vitest run bench/bench.quick.test.ts).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resultsSchema, type Results, type StreamingTargetFigures } from "./results-schema.ts";

const root = join(import.meta.dirname, "..");
const built = existsSync(join(root, ".next", "BUILD_ID"));

function positiveTarget(figures: StreamingTargetFigures): void {
  expect(figures.failed).toBe(0);
  expect(figures.completed).toBeGreaterThanOrEqual(figures.streams);
  expect(figures.tokens).toBeGreaterThan(0);
  expect(figures.tokensPerSecond).toBeGreaterThan(0);
  expect(figures.ttftMs.p50).toBeGreaterThan(0);
  expect(figures.gapMs.p99).toBeGreaterThanOrEqual(0);
  expect(figures.rss.peakMb).toBeGreaterThan(0);
}

describe.skipIf(!built)("bench --quick (needs `npm run build` first)", () => {
  let results: Results;
  // Made in the test, not at collection: a skipped suite runs no hooks to remove it.
  let dir: string | undefined;
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs to completion and writes results that match the schema", () => {
    dir = mkdtempSync(join(tmpdir(), "phogpt-bench-test-"));
    const out = join(dir, "results.json");
    // Run as `npm run bench` does, in its own process: it starts and stops its own servers.
    const run = spawnSync(process.execPath, [join(root, "bench", "run.mjs"), "--quick", `--out=${out}`], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain("Floors");
    results = resultsSchema.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(results.mode).toBe("quick");
    expect(results.errors).toEqual([]);
  }, 600_000);

  it("has streaming figures for the app and the baseline at every level", () => {
    const streaming = results.streaming;
    expect(streaming?.levels.map((level) => level.streams)).toEqual(results.parameters.streaming.levels);
    for (const level of [...(streaming?.levels ?? []), streaming?.ceiling]) {
      expect(level).toBeDefined();
      if (!level) continue;
      positiveTarget(level.app);
      positiveTarget(level.baseline);
      expect(level.ratio.tokensPerSecond).toBeGreaterThan(0);
    }
    // Paced levels: each token's delay is measured from when the emulator wrote it.
    for (const level of streaming?.levels ?? []) {
      for (const target of [level.app, level.baseline]) {
        expect(target.tokenDelayMs.p50).not.toBeNull();
        expect(target.modelLateMs.p50).not.toBeNull();
      }
    }
  });

  it("has history figures for each database that was reachable", () => {
    const databases = results.history?.databases ?? [];
    expect(databases.map((db) => db.kind)).toContain("sqlite");
    for (const db of databases.filter((d) => d.skipped === null)) {
      for (const operation of [db.listThreads, db.openThread, db.sendMessage, db.search]) {
        expect(operation?.requests).toBe(results.parameters.history.requests);
        expect(operation?.ms.p50).toBeGreaterThan(0);
      }
      expect(db.firstSendMessage?.requests).toBeGreaterThan(0);
      expect(db.firstSendMessage?.ms.p50).toBeGreaterThan(0);
    }
  });

  it("has front-end figures and a verdict for every measured floor", () => {
    const frontend = results.frontend;
    expect(frontend?.firstLoadJs.gzipKb).toBeGreaterThan(0);
    expect(frontend?.longThread.renderedMessages).toBeGreaterThan(0);
    expect(frontend?.longThread.domElements).toBeGreaterThan(0);
    expect(frontend?.longThread.jsHeapUsedMb).toBeGreaterThan(0);
    expect(frontend?.streaming.windowMs).toBeGreaterThan(0);
    for (const level of results.streaming?.levels ?? []) {
      expect(level.app.saved?.checked).toBeGreaterThan(0);
      expect(level.app.saved?.identical).toBe(level.app.saved?.checked);
      expect(level.baseline.saved).toBeNull();
    }
    expect(results.promptAssembly.messages).toBeGreaterThanOrEqual(2_000);
    expect(results.promptAssembly.keptMessages).toBeGreaterThan(0);
    expect(results.promptAssembly.keptMessages).toBeLessThan(results.promptAssembly.messages);
    expect(results.promptAssembly.ms.p50).toBeGreaterThan(0);
    expect(results.floors.map((floor) => floor.id)).toContain("promptAssembly.p99For2000Messages");
    expect(results.floors.length).toBeGreaterThan(0);
    for (const floor of results.floors) expect(floor.pass === null).toBe(floor.measured === null);
  });
});
