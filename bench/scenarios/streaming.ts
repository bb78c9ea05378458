// Streaming: N signed-in users each stream a reply at once, through the app and through the
// baseline pass-through, against the same emulator. Per stream: time to first token and the gaps
// between tokens; per wave: tokens/s delivered, and the server process's CPU and peak RSS.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { postStream, request, type StreamTiming } from "../lib/http-client.ts";
import { processTree, sampleTree, startProcWindow, type ProcWindow } from "../lib/proc-stats.ts";
import { difference, ratio, reportPercentiles, round, type ReportedPercentiles } from "../lib/stats.ts";
import type { StreamingCeiling, StreamingLevel, StreamingTargetFigures } from "../results-schema.ts";
import type { SentToken } from "../../inference/emulator/state.ts";

export interface Target {
  name: "app" | "baseline";
  url: string;
  pid: number;
  /** One Cookie header per user (empty strings for the baseline). */
  cookies: string[];
  /** The emulator both targets call: its request log says when each stream's generation began. */
  emulatorUrl: string;
}

export interface StreamingPlan {
  levels: number[];
  replyTokens: number;
  /** Waves at the 1-stream level, so its percentiles rest on more than one sample. */
  roundsAtOne: number;
  ceilingStreams: number;
  ceilingReplyTokens: number;
}

/** What the emulator's request log says of one stream (null: it never received it). */
interface ModelSide {
  /** Epoch ms at which the emulator received the request. */
  receivedAt: number;
  /** Each token's text and the epoch ms at which the emulator wrote it (its recordTokenTimes option). */
  sent: SentToken[];
}

interface WaveResult {
  streams: StreamTiming[];
  saved: { checked: number; complete: number; identical: number } | null;
  model: (ModelSide | null)[];
  proc: ProcWindow;
  /** Seconds from the first request to the last token. */
  seconds: number;
}

const MB = 1024 * 1024;

/** Each stream's question carries its tag, to find its request in the emulator's log. */
function question(replyTokens: number, rate: number, tag = ""): string {
  return `Kể cho tôi nghe về lịch sử Hà Nội ${tag}. [[len=${replyTokens}]] [[rate=${rate}]]`;
}

const tagOf = (i: number) => `(luồng ${i})`;

async function modelSides(emulatorUrl: string, streams: number): Promise<(ModelSide | null)[]> {
  const state = JSON.parse((await request(`${emulatorUrl}/emulator/state`)).body) as {
    requests: { lastQuestion: string; receivedAt: string; sentTokens?: SentToken[] }[];
  };
  const byTag = new Map<string, ModelSide>();
  for (const record of state.requests) {
    const tag = /\(luồng \d+\)/.exec(record.lastQuestion)?.[0];
    if (tag) byTag.set(tag, { receivedAt: Date.parse(record.receivedAt), sent: record.sentTokens ?? [] });
  }
  return Array.from({ length: streams }, (_, i) => byTag.get(tagOf(i)) ?? null);
}

async function wave(target: Target, streams: number, replyTokens: number, rate: number): Promise<WaveResult> {
  await request(`${target.emulatorUrl}/emulator/reset`, { method: "POST" });
  const window = startProcWindow(target.pid);
  const started = performance.now();
  const threadIds = Array.from({ length: streams }, () => randomUUID());
  const results = await Promise.all(
    threadIds.map((threadId, i) =>
      postStream(
        `${target.url}/api/chat`,
        JSON.stringify({ trigger: "submit", threadId, text: question(replyTokens, rate, tagOf(i)) }),
        target.cookies[i] ? { cookie: target.cookies[i] } : {},
      ),
    ),
  );
  const proc = window.stop();
  const lastToken = Math.max(started, ...results.map((r) => r.tokenTimes.at(-1) ?? started));
  const model = await modelSides(target.emulatorUrl, streams);
  const saved = target.name === "app" ? await savedReplies(target, threadIds, results) : null;
  return { streams: results, saved, model, proc, seconds: (lastToken - started) / 1000 };
}

/** Every reply must be stored complete and exactly as it was streamed (read back after the wave). */
async function savedReplies(target: Target, threadIds: string[], results: StreamTiming[]) {
  let complete = 0;
  let identical = 0;
  for (const [i, threadId] of threadIds.entries()) {
    const cookie = target.cookies[i];
    const response = await request(`${target.url}/api/threads/${threadId}`, cookie ? { headers: { cookie } } : {});
    if (response.status !== 200) continue;
    const reply = (
      JSON.parse(response.body) as { thread: { messages: { status: string; content: string }[] } }
    ).thread.messages.at(-1);
    if (reply?.status === "complete") complete++;
    if (reply?.status === "complete" && reply.content === results[i]?.text) identical++;
  }
  return { checked: threadIds.length, complete, identical };
}

/** Short waves first: loads route modules, fills caches and JIT-compiles the hot paths. */
export async function warmUp(target: Target, streams: number): Promise<number> {
  for (let i = 0; i < 3; i++) await wave(target, streams, 20, 0);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return sampleTree(processTree(target.pid)).rssBytes;
}

/**
 * Each token's delay from the model to the user: its arrival − when the emulator wrote it, which is
 * what the path between them added, whatever happened before the model was called (that is TTFT's
 * part). Client and emulator share the machine's clock (performance.timeOrigin + now is epoch ms).
 */
function tokenDelays(stream: StreamTiming, model: ModelSide | null): number[] {
  if (model === null) return [];
  // A token that is part of a character carries no text, and servers pass on only tokens with text.
  const sentAt = model.sent.filter((token) => token.text !== "").map((token) => token.at);
  const count = Math.min(stream.tokenTimes.length, sentAt.length);
  return stream.tokenTimes.slice(0, count).map((t, k) => performance.timeOrigin + t - (sentAt[k] ?? 0));
}

/**
 * How late the emulator wrote each token: it schedules token k (1-based) k intervals after the
 * request, but shares the machine's cores with the server under test and the client, so a busy
 * server makes it late. The earlier token delay (arrival − schedule) counted this lateness as the
 * server's; a model server on its own GPU machine is not slowed by the app.
 */
function modelLateness(model: ModelSide | null, intervalMs: number): number[] {
  if (model === null) return [];
  return model.sent.map((token, i) => token.at - model.receivedAt - (i + 1) * intervalMs);
}

function figures(waves: WaveResult[], streams: number, idleRssBytes: number, rate: number): StreamingTargetFigures {
  const all = waves.flatMap((w) => w.streams);
  const isOk = (s: StreamTiming) => s.error === null && s.done && s.tokenTimes.length > 0;
  const ok = all.filter(isOk);
  const ttft = ok.map((s) => (s.tokenTimes[0] ?? 0) - s.startedAt);
  const gaps = ok.flatMap((s) => s.tokenTimes.slice(1).map((t, i) => t - (s.tokenTimes[i] ?? t)));
  const okModels = waves.flatMap((w) =>
    w.streams.flatMap((s, i) => (isOk(s) ? [{ s, model: w.model[i] ?? null }] : [])),
  );
  const delays = rate > 0 ? okModels.flatMap(({ s, model }) => tokenDelays(s, model)) : [];
  const lateness = rate > 0 ? okModels.flatMap(({ model }) => modelLateness(model, 1000 / rate)) : [];
  const tokens = all.reduce((sum, s) => sum + s.tokenTimes.length, 0);
  const checks = waves.map((w) => w.saved).filter((saved) => saved !== null);
  const saved =
    checks.length === 0
      ? null
      : {
          checked: checks.reduce((sum, c) => sum + c.checked, 0),
          complete: checks.reduce((sum, c) => sum + c.complete, 0),
          identical: checks.reduce((sum, c) => sum + c.identical, 0),
        };
  const seconds = waves.reduce((sum, w) => sum + w.seconds, 0);
  const cpuSeconds = waves.reduce((sum, w) => sum + w.proc.cpuSeconds, 0);
  const wallSeconds = waves.reduce((sum, w) => sum + w.proc.wallSeconds, 0);
  const peak = Math.max(...waves.map((w) => w.proc.rssPeakBytes));
  const cores = cpuSeconds / wallSeconds;
  return {
    streams,
    completed: ok.length,
    failed: all.length - ok.length,
    firstError: all.find((s) => s.error !== null)?.error ?? null,
    tokens,
    ttftMs: reportPercentiles(ttft),
    gapMs: reportPercentiles(gaps),
    tokenDelayMs: reportPercentiles(delays),
    modelLateMs: reportPercentiles(lateness),
    tokensPerSecond: round(tokens / seconds, 1),
    cpu: {
      coresBusy: round(cores),
      percentOfCorePerStream: round((cores / streams) * 100),
      msPer1kTokens: round((cpuSeconds * 1000 * 1000) / Math.max(tokens, 1), 1),
    },
    rss: {
      idleMb: round(idleRssBytes / MB, 1),
      peakMb: round(peak / MB, 1),
      growthPerStreamMb: round((peak - idleRssBytes) / MB / streams),
    },
    saved,
  };
}

function addedBy(a: ReportedPercentiles, b: ReportedPercentiles): ReportedPercentiles {
  return { p50: difference(a.p50, b.p50), p99: difference(a.p99, b.p99) };
}

function compare(app: StreamingTargetFigures, baseline: StreamingTargetFigures): StreamingLevel {
  return {
    streams: app.streams,
    loadAverage1m: round(os.loadavg()[0] ?? 0),
    app,
    baseline,
    added: {
      ttftMs: addedBy(app.ttftMs, baseline.ttftMs),
      perTokenMs: addedBy(app.gapMs, baseline.gapMs),
      tokenDelayMs: addedBy(app.tokenDelayMs, baseline.tokenDelayMs),
    },
    ratio: {
      ttftP50: ratio(app.ttftMs.p50, baseline.ttftMs.p50),
      ttftP99: ratio(app.ttftMs.p99, baseline.ttftMs.p99),
      gapP50: ratio(app.gapMs.p50, baseline.gapMs.p50),
      gapP99: ratio(app.gapMs.p99, baseline.gapMs.p99),
      tokenDelayP50: ratio(app.tokenDelayMs.p50, baseline.tokenDelayMs.p50),
      tokenDelayP99: ratio(app.tokenDelayMs.p99, baseline.tokenDelayMs.p99),
      tokensPerSecond: ratio(app.tokensPerSecond, baseline.tokensPerSecond),
      cpuCores: ratio(app.cpu.coresBusy, baseline.cpu.coresBusy),
      rssGrowthPerStream: ratio(app.rss.growthPerStreamMb, baseline.rss.growthPerStreamMb),
    },
  };
}

interface Run {
  streams: number;
  rounds: number;
  replyTokens: number;
  /** Tokens per second of each stream (the emulator's pace); 0 = as fast as it can. */
  rate: number;
}

async function measure(target: Target, run: Run, idle: number) {
  const waves: WaveResult[] = [];
  for (let i = 0; i < run.rounds; i++) waves.push(await wave(target, run.streams, run.replyTokens, run.rate));
  // Let the last replies' final writes settle before the other target's turn.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return figures(waves, run.streams, idle, run.rate);
}

/** Least-squares slope of peak RSS over the number of streams: memory per additional stream. */
function slope(points: { x: number; y: number }[]): number | null {
  if (points.length < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  return sxx === 0 ? null : round(sxy / sxx);
}

export interface StreamingOutcome {
  levels: StreamingLevel[];
  ceiling: StreamingCeiling;
  rssSlopeMbPerStream: { app: number | null; baseline: number | null };
}

/** Each level runs on the app, then on the baseline: the two never compete for the cores. */
export async function runStreaming(
  app: Target,
  baseline: Target,
  plan: StreamingPlan,
  rate: number,
  log: (line: string) => void,
): Promise<StreamingOutcome> {
  const warm = Math.min(8, Math.max(...plan.levels));
  const idle = { app: await warmUp(app, warm), baseline: await warmUp(baseline, warm) };
  const levels: StreamingLevel[] = [];
  for (const streams of plan.levels) {
    const run = { streams, rounds: streams === 1 ? plan.roundsAtOne : 1, replyTokens: plan.replyTokens, rate };
    const level = compare(await measure(app, run, idle.app), await measure(baseline, run, idle.baseline));
    levels.push(level);
    log(`${streams} streams: ${summary(level)}`);
  }
  const ceilingRun = { streams: plan.ceilingStreams, rounds: 1, replyTokens: plan.ceilingReplyTokens, rate: 0 };
  const ceiling = compare(await measure(app, ceilingRun, idle.app), await measure(baseline, ceilingRun, idle.baseline));
  log(`ceiling at ${plan.ceilingStreams} streams, no pacing: ${summary(ceiling)}`);
  const points = (pick: (level: StreamingLevel) => StreamingTargetFigures) =>
    levels.map((level) => ({ x: level.streams, y: pick(level).rss.peakMb }));
  return {
    levels,
    ceiling,
    rssSlopeMbPerStream: { app: slope(points((l) => l.app)), baseline: slope(points((l) => l.baseline)) },
  };
}

function summary({ app, baseline }: StreamingLevel): string {
  const failures = app.failed + baseline.failed;
  const failed =
    failures > 0
      ? ` (failed: app ${app.failed}, baseline ${baseline.failed}: ${app.firstError ?? baseline.firstError})`
      : "";
  return `app ${app.tokensPerSecond} tok/s, baseline ${baseline.tokensPerSecond} tok/s${failed}`;
}
