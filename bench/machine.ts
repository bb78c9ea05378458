// What the figures were measured on: they only compare with runs on the same kind of machine.
import os from "node:os";
import type { Results } from "./results-schema.ts";

export function machineInfo(): Results["machine"] {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: process.platform,
    release: os.release(),
    // Other work on the machine (colleagues' test runs) shows up as noise; this says how much there was.
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}
