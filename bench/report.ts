// The short table on stdout (results.json holds everything; README.md explains both).
import type { HistoryOperation, Results, StreamingLevel } from "./results-schema.ts";

function num(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return "–";
  return value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function pair(p: { p50: number | null; p99: number | null }, digits = 1): string {
  return `${num(p.p50, digits)} / ${num(p.p99, digits)}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? "").length))) ?? [];
  return rows.map((row) =>
    row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join("  "),
  );
}

function streamingRow(label: string, level: StreamingLevel): string[] {
  const failed = level.app.failed + level.baseline.failed;
  return [
    label,
    num(level.app.tokensPerSecond, 0),
    num(level.baseline.tokensPerSecond, 0),
    num(level.ratio.tokensPerSecond, 2),
    pair(level.added.ttftMs),
    pair(level.added.perTokenMs, 2),
    pair(level.added.tokenDelayMs),
    `${num(level.app.modelLateMs.p99)} / ${num(level.baseline.modelLateMs.p99)}`,
    `${num(level.app.cpu.coresBusy, 2)} / ${num(level.baseline.cpu.coresBusy, 2)}`,
    `${num(level.app.cpu.msPer1kTokens, 0)} / ${num(level.baseline.cpu.msPer1kTokens, 0)}`,
    `${num(level.app.rss.growthPerStreamMb, 2)} / ${num(level.baseline.rss.growthPerStreamMb, 2)}`,
    String(failed),
    num(level.loadAverage1m, 1),
  ];
}

function streamingLines(results: Results): string[] {
  const s = results.streaming;
  if (!s) return [];
  const p = results.parameters.streaming;
  const header = [
    "streams",
    "tok/s app",
    "baseline",
    "ratio",
    "+TTFT ms p50/p99",
    "+per-token ms p50/p99",
    "+token delay ms p50/p99",
    "emulator late p99 app/base",
    "CPU cores app/base",
    "CPU ms/1k tok app/base",
    "RSS MB/stream app/base",
    "failed",
    "load",
  ];
  const busiest = Math.max(...s.levels.map((level) => level.loadAverage1m), s.ceiling.loadAverage1m);
  const busy =
    busiest > results.machine.cpus
      ? [
          `Machine busy (load up to ${num(busiest, 1)} on ${results.machine.cpus} CPUs): other work shared the cores, so times and tokens/s are low for both; CPU ms per 1k tokens and the ratios hold up best.`,
        ]
      : [];
  return [
    `Streaming: ${p.tokensPerSecondPerStream} tok/s per stream, ${p.replyTokens}-token replies, ${p.database} (app vs baseline pass-through)`,
    ...table([
      header,
      ...s.levels.map((level) => streamingRow(String(level.streams), level)),
      streamingRow(`${s.ceiling.streams} max`, s.ceiling),
    ]),
    `RSS per additional stream (slope over the levels): app ${num(s.rssSlopeMbPerStream.app, 2)} MB, baseline ${num(s.rssSlopeMbPerStream.baseline, 2)} MB`,
    ...busy,
    "",
  ];
}

function op(o: HistoryOperation | null): string {
  return o ? pair(o.ms) : "–";
}

function historyLines(results: Results): string[] {
  const h = results.history;
  if (!h) return [];
  const p = results.parameters.history;
  const rows = h.databases.map((db) =>
    db.skipped
      ? [db.kind, `skipped: ${db.skipped}`, "", "", "", ""]
      : [db.kind, op(db.listThreads), op(db.openThread), op(db.sendMessage), op(db.firstSendMessage), op(db.search)],
  );
  return [
    `History: ${p.users} users, ${p.threads} threads, ${p.messages} messages; p50 / p99 ms over ${p.requests} requests`,
    ...table([
      [
        "database",
        "list threads",
        `open ${p.longThreadMessages}-msg thread`,
        "send (before model)",
        "first send (counts history)",
        "search",
      ],
      ...rows,
    ]),
    "",
  ];
}

function frontendLines(results: Results): string[] {
  const f = results.frontend;
  if (!f) return [];
  const t = f.longThread;
  return [
    "Front end (headless Chromium)",
    `  first-load JS        ${num(f.firstLoadJs.gzipKb)} KB gzip (${f.firstLoadJs.files} files, ${num(f.firstLoadJs.rawKb)} KB raw)`,
    `  ${t.messages}-message thread  render ${num(t.timeToRenderMs, 0)} ms, ${t.domElements} DOM elements (${t.domNodes} nodes), JS heap ${num(t.jsHeapUsedMb)} MB, ${t.renderedMessages} messages in the DOM`,
    `  streaming ${f.streaming.tokensPerSecond} tok/s  main thread ${num(f.streaming.busyShare * 100)}% busy, long tasks ${num(f.streaming.longTaskShare * 100)}% (${f.streaming.longTasks})`,
    "",
  ];
}

function floorLines(results: Results): string[] {
  const rows = results.floors.map((floor) => [
    floor.pass === null ? "n/a" : floor.pass ? "PASS" : "FAIL",
    floor.id,
    `${num(floor.measured, 2)} ${floor.comparison} ${floor.limit} ${floor.unit}`,
  ]);
  return ["Floors", ...table(rows).map((line) => `  ${line}`)];
}

export function renderReport(results: Results): string {
  const m = results.machine;
  const lines = [
    `PhoGPT Chat bench (${results.mode}) ${results.date}, build ${results.buildId}: ${m.cpus} CPUs, ${m.cpuModel}, Node ${m.node}, load ${m.loadAverage1m}, ${num(results.durationSeconds, 0)} s`,
    "",
    ...streamingLines(results),
    ...historyLines(results),
    ...frontendLines(results),
    `Prompt assembly: ${results.promptAssembly.messages}-message thread, counts cached: p50 ${num(results.promptAssembly.ms.p50, 3)} ms, p99 ${num(results.promptAssembly.ms.p99, 3)} ms (${results.promptAssembly.keptMessages} messages kept)`,
    "",
    ...floorLines(results),
    ...results.errors.map((e) => `ERROR in ${e.section}: ${e.message.split("\n")[0]}`),
  ];
  return `${lines.join("\n")}\n`;
}
