// History: the three server operations a returning user triggers, against the seeded database,
// timed over loopback HTTP one request at a time (so each time is the server's, not a queue's).
import { request } from "../lib/http-client.ts";
import { reportPercentiles, round } from "../lib/stats.ts";
import type { HistoryOperation } from "../results-schema.ts";

export interface HistoryPlan {
  requests: number;
  warmup: number;
  /**
   * Threads to send into, round-robin (each send must finish before that thread takes another). The
   * first send into each is timed apart: it counts the seeded history's tokens (see the README).
   */
  sendThreadIds: string[];
  openThreadId: string;
}

function summarise(samples: number[]): HistoryOperation {
  const total = samples.reduce((sum, v) => sum + v, 0);
  return { requests: samples.length, ms: reportPercentiles(samples), meanMs: round(total / samples.length) };
}

async function repeat(times: number, once: (i: number) => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await once(i));
  return samples;
}

function expectStatus(what: string, status: number, body: string, expected = 200): void {
  if (status !== expected) throw new Error(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
}

/** GET /api/threads: the first page (50) of the user's threads. */
async function listThreads(baseUrl: string, cookie: string): Promise<number> {
  const res = await request(`${baseUrl}/api/threads`, { headers: { cookie } });
  expectStatus("list threads", res.status, res.body);
  return res.endedAt - res.startedAt;
}

/** GET /api/threads/:id: the thread with all its messages, to the last byte. */
async function openThread(baseUrl: string, cookie: string, threadId: string): Promise<number> {
  const res = await request(`${baseUrl}/api/threads/${threadId}`, { headers: { cookie } });
  expectStatus("open thread", res.status, res.body);
  return res.endedAt - res.startedAt;
}

/**
 * POST /api/chat in a long thread, timed to the response headers: the route sends them once the turn
 * is stored (parse, session, transaction reading the thread and inserting two messages) and before
 * the model is called. The reply is then read to its end so the thread can take the next message.
 */
async function sendMessage(baseUrl: string, cookie: string, threadId: string): Promise<number> {
  const res = await request(`${baseUrl}/api/chat`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ trigger: "submit", threadId, text: "Còn điều gì nữa không? [[len=1]] [[rate=0]]" }),
  });
  expectStatus("send message", res.status, res.body);
  return res.headersAt - res.startedAt;
}

// Typed as people type them (no marks), from one word to three, common to rare in the seeded text.
const SEARCH_QUERIES = ["da nang", "pho bo", "trieu nguyen", "ha noi", "lai suat kep", "quang hop", "x", "thu do"];

/** GET /api/search: the first page (titles, then 20 messages newest first) for one of SEARCH_QUERIES. */
async function search(baseUrl: string, cookie: string, i: number): Promise<number> {
  const q = SEARCH_QUERIES[i % SEARCH_QUERIES.length] ?? "";
  const res = await request(`${baseUrl}/api/search?q=${encodeURIComponent(q)}`, { headers: { cookie } });
  expectStatus("search", res.status, res.body);
  return res.endedAt - res.startedAt;
}

export interface HistoryMeasurement {
  listThreads: HistoryOperation;
  openThread: HistoryOperation;
  sendMessage: HistoryOperation;
  firstSendMessage: HistoryOperation;
  search: HistoryOperation;
  /** What the model server did with the last send (its prompt holds the whole thread). */
  lastModelCall: { promptTokens: number | null; outcome: string | null; error: string | null };
}

export async function runHistory(
  baseUrl: string,
  cookie: string,
  plan: HistoryPlan,
  emulatorUrl: string,
): Promise<HistoryMeasurement> {
  const thread = (i: number) => plan.sendThreadIds[i % plan.sendThreadIds.length] ?? "";
  await repeat(plan.warmup, () => listThreads(baseUrl, cookie));
  const list = await repeat(plan.requests, () => listThreads(baseUrl, cookie));
  await repeat(plan.warmup, () => openThread(baseUrl, cookie, plan.openThreadId));
  const open = await repeat(plan.requests, () => openThread(baseUrl, cookie, plan.openThreadId));
  await repeat(plan.warmup, (i) => search(baseUrl, cookie, i));
  const searched = await repeat(plan.requests, (i) => search(baseUrl, cookie, i));
  // One send into every thread first (its history gets counted), then the steady state.
  const firstSends = await repeat(plan.sendThreadIds.length, (i) => sendMessage(baseUrl, cookie, thread(i)));
  const send = await repeat(plan.requests, (i) => sendMessage(baseUrl, cookie, thread(i)));
  return {
    listThreads: summarise(list),
    openThread: summarise(open),
    sendMessage: summarise(send),
    firstSendMessage: summarise(firstSends),
    search: summarise(searched),
    lastModelCall: await lastModelCall(emulatorUrl),
  };
}

async function lastModelCall(emulatorUrl: string): Promise<HistoryMeasurement["lastModelCall"]> {
  const state = JSON.parse((await request(`${emulatorUrl}/emulator/state`)).body) as {
    requests: { promptTokens?: number | null; outcome?: string | null; error?: string | null }[];
  };
  const last = state.requests.at(-1);
  return { promptTokens: last?.promptTokens ?? null, outcome: last?.outcome ?? null, error: last?.error ?? null };
}
