// Command-line options of bench/run.mjs.
import { parseArgs } from "node:util";
import { FULL_SEED, QUICK_SEED, type SeedSpec } from "./seed/data.ts";
import type { DatabaseKind } from "./seed/seed.ts";
import type { StreamingPlan } from "./scenarios/streaming.ts";

export const USAGE = `Usage: node bench/run.mjs [options]

  --quick                  a tiny run (seconds): 1 and 4 streams, short replies, a 500-message database
  --only=LIST              sections to run: streaming,history,frontend (default: all)
  --databases=LIST         history databases: sqlite,postgres (default: both; PostgreSQL when reachable)
  --stream-database=KIND   database behind the streaming run: sqlite (default) or postgres
  --build                  run \`next build\` first even if .next/BUILD_ID exists
  --out=FILE               where to write the results (default: bench/results.json)
  --help                   this text
`;

export type Section = "streaming" | "history" | "frontend";

export interface BenchOptions {
  quick: boolean;
  sections: Section[];
  databases: DatabaseKind[];
  streamDatabase: DatabaseKind;
  build: boolean;
  out: string;
  help: boolean;
  /** Per-stream pace of the emulator: one H200 stream of a PhoGPT-4B-shaped model (FACTS.md). */
  tokensPerSecond: number;
  streaming: StreamingPlan;
  seed: SeedSpec;
  historyRequests: number;
  frontendStream: { tokens: number; rate: number };
}

function list<T extends string>(raw: string, allowed: readonly T[], flag: string): T[] {
  const items = raw
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`--${flag}: unknown "${item}" (allowed: ${allowed.join(", ")})`);
  }
  return items as T[];
}

export function parseOptions(argv: string[], defaultOut: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string", default: "streaming,history,frontend" },
      databases: { type: "string", default: "sqlite,postgres" },
      "stream-database": { type: "string", default: "sqlite" },
      build: { type: "boolean", default: false },
      out: { type: "string", default: defaultOut },
      help: { type: "boolean", default: false },
    },
  });
  const quick = values.quick;
  const [streamDatabase = "sqlite"] = list(
    values["stream-database"],
    ["sqlite", "postgres"] as const,
    "stream-database",
  );
  return {
    quick,
    sections: list(values.only, ["streaming", "history", "frontend"] as const, "only"),
    databases: list(values.databases, ["sqlite", "postgres"] as const, "databases"),
    streamDatabase,
    build: values.build,
    out: values.out,
    help: values.help,
    tokensPerSecond: 65,
    streaming: quick
      ? { levels: [1, 4], replyTokens: 20, roundsAtOne: 2, ceilingStreams: 4, ceilingReplyTokens: 50 }
      : { levels: [1, 32, 128, 256], replyTokens: 200, roundsAtOne: 5, ceilingStreams: 128, ceilingReplyTokens: 400 },
    seed: quick ? QUICK_SEED : FULL_SEED,
    historyRequests: quick ? 5 : 100,
    frontendStream: quick ? { tokens: 30, rate: 100 } : { tokens: 300, rate: 100 },
  };
}
