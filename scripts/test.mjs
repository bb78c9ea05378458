// `npm test`: every check CI runs, in order, stopping at the first failure:
// lint, format, types, unit and integration tests, production build, end-to-end tests.
// TEST_DATABASE=postgres runs the database-backed suites on PostgreSQL instead of SQLite.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const reports = mkdtempSync(join(tmpdir(), "phogpt-test-"));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const only = new Set(process.argv.slice(2));
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(name, command, args, extraEnv = {}) {
  if (only.size > 0 && !only.has(name)) return;
  console.log(`\n▶ ${name}: ${[command.split("/").at(-1), ...args].join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${name} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${seconds}s)`);
}

function count(file, read) {
  try {
    const counts = read(JSON.parse(readFileSync(file, "utf8")));
    for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
  } catch {
    // A step that was skipped wrote no report.
  }
}

const database = process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
const vitestReport = join(reports, "vitest.json");
const playwrightReport = join(reports, "playwright.json");

run("lint", bin("eslint"), [".", "--max-warnings=0"]);
run("format", bin("prettier"), ["--check", "."]);
run("types", bin("tsc"), ["--noEmit", "-p", "."]);
run("unit", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
run("build", bin("next"), ["build"]);
run("e2e", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport });

count(vitestReport, (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests }));
count(playwrightReport, (r) => ({ passed: r.stats.expected, failed: r.stats.unexpected, skipped: r.stats.skipped }));
console.log(`\nAll checks passed on ${database}.`);
console.log(`${database}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
