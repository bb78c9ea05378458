// The bench run: build if needed, start the emulator, then each section with its own app process
// (and the baseline for streaming), write bench/results.json and print the table.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { createTestDatabase } from "../tests/support/test-database.mjs";
import { checkFloors } from "./floors.ts";
import { signIn, signInAll } from "./lib/accounts.ts";
import { cleanupAll, onCleanup, runToCompletion, stopOnSignals } from "./lib/processes.ts";
import { machineInfo } from "./machine.ts";
import { parseOptions, USAGE, type BenchOptions } from "./options.ts";
import { renderReport } from "./report.ts";
import { resultsSchema, type FrontendResults, type HistoryDatabase, type Results } from "./results-schema.ts";
import { runFrontend } from "./scenarios/frontend.ts";
import { runHistory } from "./scenarios/history.ts";
import { runPromptAssembly } from "./scenarios/prompt-assembly.ts";
import { runStreaming, type StreamingOutcome } from "./scenarios/streaming.ts";
import { isSeeded, POSTGRES_ADMIN_URL, seededCopy } from "./seed/cache.ts";
import { seedId, seedUserEmail, SEED_PASSWORD } from "./seed/data.ts";
import { seedUsersOnly, type DatabaseKind } from "./seed/seed.ts";
import { build, hasBuild, startApp } from "./servers/app.ts";
import { snapshotBuild, waitForBuild } from "./servers/build-snapshot.ts";
import { startBaseline } from "./servers/baseline-process.ts";
import { startEmulatorProcess } from "./servers/emulator.ts";

const root = join(import.meta.dirname, "..");
type Errors = Results["errors"];

/** What every section needs: the build snapshot, the emulator, the ports in use, the error list. */
interface RunContext {
  appDir: string;
  emulatorUrl: string;
  taken: Set<number>;
  errors: Errors;
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** Runs one section; a failure is recorded (and the other sections still run). */
async function section<T>(name: string, errors: Errors, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    const message = (error as Error).stack ?? String(error);
    log(`${name} failed: ${message}`);
    errors.push({ section: name, message });
    return null;
  }
}

async function streamingSection(options: BenchOptions, run: RunContext): Promise<StreamingOutcome> {
  const users = Math.max(...options.streaming.levels, options.streaming.ceilingStreams);
  const database = await createTestDatabase("bench_stream", options.streamDatabase);
  onCleanup(() => database.drop());
  await seedUsersOnly(options.streamDatabase, database.url, users);
  const app = await startApp(run.appDir, database.url, run.emulatorUrl, run.taken);
  const baseline = await startBaseline(run.emulatorUrl, run.taken);
  log(`signing ${users} users in (one argon2 verification each)`);
  const signInStarted = performance.now();
  const emails = Array.from({ length: users }, (_, i) => seedUserEmail(i));
  const cookies = await signInAll(app.url, emails, SEED_PASSWORD);
  log(`signed in in ${((performance.now() - signInStarted) / 1000).toFixed(1)} s`);
  const outcome = await runStreaming(
    { name: "app", url: app.url, pid: app.pid, cookies, emulatorUrl: run.emulatorUrl },
    { name: "baseline", url: baseline.url, pid: baseline.pid, cookies: [], emulatorUrl: run.emulatorUrl },
    options.streaming,
    options.tokensPerSecond,
    log,
  );
  if (app.exited()) throw new Error(`the app exited during the streaming run:\n${app.output()}`);
  const failed = [...outcome.levels, outcome.ceiling].some((level) => level.app.failed > 0);
  if (failed) log(`app streams failed; the app's last output:\n${app.output().slice(-3_000)}`);
  await Promise.all([app.stop(), baseline.stop()]);
  return outcome;
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function skippedDatabase(kind: DatabaseKind, reason: string): HistoryDatabase {
  const none = {
    listThreads: null,
    openThread: null,
    sendMessage: null,
    firstSendMessage: null,
    search: null,
    lastModelCall: null,
  };
  return { kind, skipped: reason, seed: null, ...none };
}

interface SeededSections {
  history: HistoryDatabase | null;
  frontend: FrontendResults | null;
}

/** One seeded database: the front end (when asked for) and the history figures, on one app process. */
async function seededSections(
  kind: DatabaseKind,
  wants: { history: boolean; frontend: boolean },
  options: BenchOptions,
  context: RunContext & { seedSeconds: number | undefined },
): Promise<SeededSections> {
  const seeded = await seededCopy(kind, options.seed, log);
  onCleanup(() => seeded.drop());
  const app = await startApp(context.appDir, seeded.url, context.emulatorUrl, context.taken);
  const cookie = await signIn(app.url, seedUserEmail(0), SEED_PASSWORD);
  const longThreadIds = Array.from({ length: options.seed.longThreads }, (_, i) => seedId("thread", i));
  const [viewed = "", ...sendInto] = longThreadIds;
  if (wants.frontend) log(`front end in Chromium (${kind})`);
  const frontend = wants.frontend
    ? await section("frontend", context.errors, () =>
        runFrontend(app.url, cookie, {
          longThreadId: viewed,
          longThreadMessages: options.seed.longThreadMessages,
          streamTokens: options.frontendStream.tokens,
          streamRate: options.frontendStream.rate,
        }),
      )
    : null;
  if (wants.history) log(`history on ${kind}`);
  const measured = wants.history
    ? await section(`history:${kind}`, context.errors, () =>
        runHistory(
          app.url,
          cookie,
          {
            requests: options.historyRequests,
            warmup: 10,
            openThreadId: viewed,
            sendThreadIds: sendInto.length ? sendInto : [viewed],
          },
          context.emulatorUrl,
        ),
      )
    : null;
  await app.stop();
  await seeded.drop();
  const seedSeconds = context.seedSeconds ?? seeded.seedSeconds;
  const seed = { cached: seedSeconds === 0, seedSeconds, copySeconds: seeded.copySeconds };
  const history = measured
    ? { kind, skipped: null, seed, ...measured }
    : wants.history
      ? skippedDatabase(kind, "failed (see errors)")
      : null;
  return { history, frontend };
}

/**
 * Seeds every database that is not cached yet, in parallel child processes (one core each): a cold
 * cache costs the longest seed instead of their sum. Returns the seconds each took.
 */
async function prepareSeeds(kinds: DatabaseKind[], options: BenchOptions): Promise<Map<DatabaseKind, number>> {
  const seconds = new Map<DatabaseKind, number>();
  const script = join(root, "bench", "seed", "main.ts");
  await Promise.all(
    kinds.map(async (kind) => {
      if (await isSeeded(kind, options.seed)) return;
      log(`seeding ${kind} (${options.seed.messages.toLocaleString("en")} messages; cached afterwards)`);
      const started = performance.now();
      const args = [script, `--databases=${kind}`, ...(options.quick ? ["--quick"] : [])];
      await runToCompletion(`seed ${kind}`, process.execPath, args);
      seconds.set(kind, (performance.now() - started) / 1000);
      log(`seeded ${kind} in ${seconds.get(kind)?.toFixed(1)} s`);
    }),
  );
  return seconds;
}

async function reachableKinds(kinds: DatabaseKind[], history: HistoryDatabase[], wantsHistory: boolean) {
  const reachable: DatabaseKind[] = [];
  for (const kind of kinds) {
    if (kind === "postgres" && !(await postgresReachable())) {
      if (wantsHistory) history.push(skippedDatabase(kind, `PostgreSQL not reachable at ${POSTGRES_ADMIN_URL}`));
    } else reachable.push(kind);
  }
  return reachable;
}

async function historyAndFrontend(options: BenchOptions, run: RunContext) {
  const wantsHistory = options.sections.includes("history");
  let wantsFrontend = options.sections.includes("frontend");
  const databases: HistoryDatabase[] = [];
  let frontend: FrontendResults | null = null;
  if (!wantsHistory && !wantsFrontend) return { history: null, frontend };
  // Without history, only the first database is needed (for the front end's long thread).
  const wanted = wantsHistory ? options.databases : options.databases.slice(0, 1);
  const kinds = await reachableKinds(wanted, databases, wantsHistory);
  const seedSeconds = (await section("seed", run.errors, () => prepareSeeds(kinds, options))) ?? new Map();
  for (const kind of kinds) {
    const context = { ...run, seedSeconds: seedSeconds.get(kind) };
    const wants = { history: wantsHistory, frontend: wantsFrontend };
    const done = await section(`seeded:${kind}`, run.errors, () => seededSections(kind, wants, options, context));
    if (done?.history) databases.push(done.history);
    frontend ??= done?.frontend ?? null;
    wantsFrontend = false;
  }
  return { history: wantsHistory ? { databases } : null, frontend };
}

function parameters(options: BenchOptions): Results["parameters"] {
  return {
    sections: options.sections,
    databases: options.databases,
    streaming: {
      database: options.streamDatabase,
      tokensPerSecondPerStream: options.tokensPerSecond,
      ...options.streaming,
    },
    history: { ...options.seed, requests: options.historyRequests },
    frontend: { streamTokens: options.frontendStream.tokens, streamTokensPerSecond: options.frontendStream.rate },
  };
}

async function measureAll(options: BenchOptions, errors: Errors) {
  const taken = new Set<number>();
  await waitForBuild(log);
  if (options.build || !hasBuild()) build(log);
  const snapshot = await snapshotBuild(log);
  log(`measuring build ${snapshot.buildId} (a private copy: rebuilds during the run do not affect it)`);
  const emulator = await startEmulatorProcess(options.tokensPerSecond, taken);
  log(`emulator at ${emulator.url}, ${options.tokensPerSecond} tokens/s per stream`);
  const run: RunContext = { appDir: snapshot.dir, emulatorUrl: emulator.url, taken, errors };
  const streaming = options.sections.includes("streaming")
    ? await section("streaming", errors, () => streamingSection(options, run))
    : null;
  const { history, frontend } = await historyAndFrontend(options, run);
  await emulator.stop();
  const promptAssembly = runPromptAssembly({ messages: 2_000, iterations: options.quick ? 50 : 500 });
  return { buildId: snapshot.buildId, streaming, history, frontend, promptAssembly };
}

export async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, join(root, "bench", "results.json"));
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  stopOnSignals();
  const started = performance.now();
  const errors: Errors = [];
  const machine = machineInfo(); // before the run: its load average is other people's work
  try {
    const figures = await measureAll(options, errors);
    const results: Results = resultsSchema.parse({
      schemaVersion: 1,
      date: new Date().toISOString(),
      mode: options.quick ? "quick" : "full",
      durationSeconds: Math.round((performance.now() - started) / 100) / 10,
      machine,
      parameters: parameters(options),
      ...figures,
      floors: checkFloors(figures),
      errors,
    });
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(renderReport(results));
    log(`results written to ${options.out}`);
    return errors.length > 0 ? 1 : 0;
  } finally {
    await cleanupAll();
  }
}
