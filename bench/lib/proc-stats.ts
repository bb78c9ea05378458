// CPU time and resident memory of a process and its descendants, read from /proc (Linux).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

// Clock ticks per second for utime/stime (almost always 100).
const TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

interface StatLine {
  ppid: number;
  cpuSeconds: number;
}

function readStat(pid: number): StatLine | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: split after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
    return { ppid: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS };
  } catch {
    return null; // the process is gone
  }
}

function readRssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The process and every descendant (next start may fork workers; count them all). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] ?? -1) ?? []));
  return tree;
}

export interface ProcSample {
  cpuSeconds: number;
  rssBytes: number;
}

export function sampleTree(pids: readonly number[]): ProcSample {
  let cpuSeconds = 0;
  let rssBytes = 0;
  for (const pid of pids) {
    cpuSeconds += readStat(pid)?.cpuSeconds ?? 0;
    rssBytes += readRssBytes(pid);
  }
  return { cpuSeconds, rssBytes };
}

export interface ProcWindow {
  cpuSeconds: number;
  wallSeconds: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
}

/** Samples RSS every `intervalMs` between start() and stop(); CPU is the utime+stime delta. */
export function startProcWindow(root: number, intervalMs = 50): { stop(): ProcWindow } {
  const pids = processTree(root);
  const before = sampleTree(pids);
  const started = performance.now();
  let peak = before.rssBytes;
  const timer = setInterval(() => {
    peak = Math.max(peak, sampleTree(pids).rssBytes);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const after = sampleTree(pids);
      return {
        cpuSeconds: after.cpuSeconds - before.cpuSeconds,
        wallSeconds: (performance.now() - started) / 1000,
        rssBeforeBytes: before.rssBytes,
        rssPeakBytes: Math.max(peak, after.rssBytes),
      };
    },
  };
}
