// `npm test`: every check CI runs, in order, stopping at the first failure:
// lint, format, types, unit and integration tests, production build, a tiny benchmark, end-to-end tests.
// The unit and integration tests run twice, on SQLite and on PostgreSQL (127.0.0.1:5432, or
// TEST_POSTGRES_URL); so do the end-to-end tests, on PostgreSQL those whose outcome depends on the
// database (POSTGRES_E2E_SPECS). TEST_DATABASE=sqlite or TEST_DATABASE=postgres runs just one
// database, with every end-to-end test.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const reports = mkdtempSync(join(tmpdir(), "phogpt-test-"));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const only = new Set(process.argv.slice(2));
const totals = { passed: 0, failed: 0, skipped: 0 };

const selected = (name) => only.size === 0 || only.has(name) || only.has(name.split(":")[0]);
const commandLine = (command, args) => [command.split("/").at(-1), ...args].join(" ");

function finish(name, status, started, ended = Date.now()) {
  const seconds = ((ended - started) / 1000).toFixed(1);
  if (status !== 0) {
    console.error(`✖ ${name} failed after ${seconds}s`);
    process.exit(status ?? 1);
  }
  console.log(`✔ ${name} (${seconds}s)`);
}

function run(name, command, args, extraEnv = {}) {
  if (!selected(name)) return;
  console.log(`\n▶ ${name}: ${commandLine(command, args)}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  finish(name, result.status, started);
}

// Single-threaded checks side by side (one per core); each one's output is printed when it ends.
async function runTogether(steps) {
  const results = await Promise.all(
    steps
      .filter(([name]) => selected(name))
      .map(([name, command, args]) => {
        const started = Date.now();
        const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        return new Promise((resolve) =>
          child.on("close", (status) => resolve({ name, command, args, output, status, started, ended: Date.now() })),
        );
      }),
  );
  for (const { name, command, args, output, status, started, ended } of results) {
    console.log(`\n▶ ${name}: ${commandLine(command, args)}`);
    process.stdout.write(output);
    finish(name, status, started, ended);
  }
}

function count(file, read) {
  try {
    const counts = read(JSON.parse(readFileSync(file, "utf8")));
    for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
  } catch {
    // A step that was skipped wrote no report.
  }
}

const databases = process.env.TEST_DATABASE ? [process.env.TEST_DATABASE] : ["sqlite", "postgres"];
// The browser suite is CPU-bound on two cores (~5 minutes); run whole on both databases it doubled
// CI. Every data-layer test runs on both in the unit step; the browser specs repeated on PostgreSQL
// are those where its SQL, locking, full-text search or multi-instance set-up changes what the user
// sees. The others drive the UI through the same data layer.
const POSTGRES_E2E_SPECS = [
  "access",
  "api",
  "branches",
  "chat-journey",
  "durable",
  "instances",
  "long-thread",
  "search",
  "security-access",
  "sidebar-scale",
  "startup",
].map((name) => `e2e/${name}.spec.ts`);
const e2eSpecs = (database) => (database === "postgres" && databases.length > 1 ? POSTGRES_E2E_SPECS : []);
const report = (name) => join(reports, name);

await runTogether([
  ["lint", bin("eslint"), [".", "--max-warnings=0"]],
  ["format", bin("prettier"), ["--check", "."]],
  ["types", bin("tsc"), ["--noEmit", "-p", "."]],
]);
for (const database of databases) {
  run(
    `unit:${database}`,
    bin("vitest"),
    ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report(`vitest-${database}.json`)}`],
    {
      TEST_DATABASE: database,
    },
  );
}
run("build", bin("next"), ["build"]);
// A tiny `npm run bench` against the build: it completes and writes well-formed results (no timings asserted).
run("bench", bin("vitest"), [
  "run",
  "-c",
  "bench/vitest.config.ts",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report("vitest-bench.json")}`,
]);
for (const database of databases) {
  run(`e2e:${database}`, bin("playwright"), ["test", "--reporter=list,json", ...e2eSpecs(database)], {
    TEST_DATABASE: database,
    PLAYWRIGHT_JSON_OUTPUT_NAME: report(`playwright-${database}.json`),
  });
}

count(report("vitest-bench.json"), (r) => ({
  passed: r.numPassedTests,
  failed: r.numFailedTests,
  skipped: r.numPendingTests,
}));
for (const database of databases) {
  count(report(`vitest-${database}.json`), (r) => ({
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: r.numPendingTests,
  }));
  count(report(`playwright-${database}.json`), (r) => ({
    passed: r.stats.expected,
    failed: r.stats.unexpected,
    skipped: r.stats.skipped,
  }));
}
console.log(`\nAll checks passed (${databases.join(" and ")}).`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
