// The app is started from a private copy of the production build, so that a `next build` started
// in the same checkout during the run (by anyone) cannot pull the build from under the measurement.
// The copy is a minimal project: .next (without caches), the config files, and node_modules linked.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onCleanup } from "../lib/processes.ts";

const root = join(import.meta.dirname, "..", "..");
const distDir = join(root, ".next");
// Build caches, the dev server's output and the standalone bundle: not read by `next start`.
const SKIP = new Set(["cache", "dev", "standalone", "trace", "trace-build", "diagnostics", "types", "lock"]);
const CONFIG_FILES = ["package.json", "next.config.ts", "tsconfig.json"];

export interface BuildSnapshot {
  /** The project directory to run `next start` in. */
  dir: string;
  buildId: string;
}

function buildId(): string | null {
  try {
    return readFileSync(join(distDir, "BUILD_ID"), "utf8").trim();
  } catch {
    return null;
  }
}

/** True while a build is writing .next (it holds .next/lock, and BUILD_ID comes last). */
export function buildInProgress(): boolean {
  return existsSync(join(distDir, "lock"));
}

export async function waitForBuild(log: (line: string) => void, timeoutMs = 600_000): Promise<void> {
  if (!buildInProgress()) return;
  log("another `next build` is running in this checkout: waiting for it");
  const deadline = Date.now() + timeoutMs;
  while (buildInProgress() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2_000));
  if (buildInProgress()) throw new Error("a `next build` in this checkout did not finish within 10 minutes");
}

/** Copies the current build; retries if a build replaced it during the copy. */
export async function snapshotBuild(log: (line: string) => void): Promise<BuildSnapshot> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await waitForBuild(log);
    const before = buildId();
    if (!before) throw new Error("no production build in .next (BUILD_ID missing)");
    const dir = mkdtempSync(join(tmpdir(), "phogpt-bench-app-"));
    cpSync(distDir, join(dir, ".next"), {
      recursive: true,
      // .next/node_modules holds relative links into ../../node_modules: kept as they are.
      verbatimSymlinks: true,
      filter: (source) => source === distDir || !SKIP.has(source.slice(distDir.length + 1)),
    });
    if (buildId() === before && !buildInProgress()) {
      for (const file of CONFIG_FILES) cpSync(join(root, file), join(dir, file));
      symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
      onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
      return { dir, buildId: before };
    }
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error("the build kept changing while it was being copied");
}
