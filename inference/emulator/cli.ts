// Command-line flags and environment variables -> emulator options. Flags win over the environment.

import { parseArgs } from "node:util";
import type { EmulatorOptions } from "./config.ts";
import { parseFaultSpec, type FaultOptions } from "./faults.ts";

export const USAGE = `Usage: node inference/emulator/main.ts [options]

Options (environment variable in brackets):
  --port N                      listen port, 0 = random [EMULATOR_PORT, default 8080]
  --host H                      listen address [EMULATOR_HOST, default 127.0.0.1]
  --tokens-per-second N         pace, 0 = as fast as possible [EMULATOR_TOKENS_PER_SECOND, default 50]
  --max-input-tokens N          [EMULATOR_MAX_INPUT_TOKENS, default 7168]
  --max-total-tokens N          [EMULATOR_MAX_TOTAL_TOKENS, default 8192]
  --max-concurrent-requests N   [EMULATOR_MAX_CONCURRENT_REQUESTS, default 128]
  --max-stop-sequences N        [EMULATOR_MAX_STOP_SEQUENCES, default 4]
  --api-key KEY                 require "Authorization: Bearer KEY" [API_KEY]
  --tokenizer-dir DIR           PhoGPT tokenizer files [EMULATOR_TOKENIZER_DIR, default ../shared/phogpt]
  --fault SPEC                  run-level fault, repeatable: unhealthy, refuse, drop, fail-before,
                                fail-after=K, stall-after=K, close-after=K [EMULATOR_FAULTS, comma-separated]
  --keep-alive-ms N             SSE keep-alive comment interval, 0 = off [EMULATOR_KEEP_ALIVE_MS, default 15000]
  --quiet                       no per-request log lines
  --help                        this text
`;

export interface CliResult {
  options: EmulatorOptions;
  quiet: boolean;
  help: boolean;
}

const numberFlags = {
  port: "EMULATOR_PORT",
  "tokens-per-second": "EMULATOR_TOKENS_PER_SECOND",
  "max-input-tokens": "EMULATOR_MAX_INPUT_TOKENS",
  "max-total-tokens": "EMULATOR_MAX_TOTAL_TOKENS",
  "max-concurrent-requests": "EMULATOR_MAX_CONCURRENT_REQUESTS",
  "max-stop-sequences": "EMULATOR_MAX_STOP_SEQUENCES",
  "keep-alive-ms": "EMULATOR_KEEP_ALIVE_MS",
} as const;

type NumberFlag = keyof typeof numberFlags;

export function parseCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliResult {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "tokens-per-second": { type: "string" },
      "max-input-tokens": { type: "string" },
      "max-total-tokens": { type: "string" },
      "max-concurrent-requests": { type: "string" },
      "max-stop-sequences": { type: "string" },
      "api-key": { type: "string" },
      "tokenizer-dir": { type: "string" },
      fault: { type: "string", multiple: true },
      "keep-alive-ms": { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });

  const number = (flag: NumberFlag): number | undefined => {
    const raw = values[flag] ?? env[numberFlags[flag]];
    if (raw === undefined || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`--${flag} (${numberFlags[flag]}) must be a number, got "${raw}"`);
    return n;
  };

  const faults: FaultOptions = { ...parseFaultSpec(env.EMULATOR_FAULTS ?? "") };
  for (const spec of values.fault ?? []) Object.assign(faults, parseFaultSpec(spec));

  const options: EmulatorOptions = {
    port: number("port") ?? 8080,
    host: values.host ?? env.EMULATOR_HOST ?? "127.0.0.1",
    tokensPerSecond: number("tokens-per-second"),
    maxInputTokens: number("max-input-tokens"),
    maxTotalTokens: number("max-total-tokens"),
    maxConcurrentRequests: number("max-concurrent-requests"),
    maxStopSequences: number("max-stop-sequences"),
    keepAliveMs: number("keep-alive-ms"),
    apiKey: values["api-key"] ?? (env.API_KEY || null),
    tokenizerDir: values["tokenizer-dir"] ?? (env.EMULATOR_TOKENIZER_DIR || undefined),
    faults,
  };
  // Absent values fall back to the emulator's defaults rather than to `undefined`.
  for (const key of Object.keys(options) as (keyof EmulatorOptions)[]) {
    if (options[key] === undefined) delete options[key];
  }
  return { options, quiet: values.quiet, help: values.help };
}
