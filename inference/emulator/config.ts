// Emulator options, validated once at start-up with TGI's defaults for a PhoGPT deployment.

import { z } from "zod";
import { noFaults, type FaultOptions, type FaultSet } from "./faults.ts";
import { defaultTokenizerDir } from "./tokens.ts";

export const MODEL_ID = "phogpt-4b-chat-emulator";
/** The TGI version whose wire format is emulated (openapi.json in shared/tgi). */
export const TGI_VERSION = "3.3.6-dev0";

export interface EmulatorOptions {
  /** 0 = a random free port. */
  port?: number;
  host?: string;
  maxInputTokens?: number;
  maxTotalTokens?: number;
  maxConcurrentRequests?: number;
  maxStopSequences?: number;
  maxBestOf?: number;
  maxClientBatchSize?: number;
  maxTopNTokens?: number;
  /** Default pace; 0 = as fast as possible. A `[[rate=N]]` marker overrides it per request. */
  tokensPerSecond?: number;
  /** Like `--api-key`: generation routes and /tokenize then need `Authorization: Bearer <key>`. */
  apiKey?: string | null;
  tokenizerDir?: string;
  faults?: FaultOptions;
  /** SSE keep-alive comment interval (axum's default is 15 s); 0 disables. */
  keepAliveMs?: number;
  /** How many received generation requests /emulator/state keeps. */
  requestLogSize?: number;
  /** Request body limit in bytes (TGI's --payload-limit). */
  payloadLimit?: number;
  /**
   * For benchmarks: each request in /emulator/state carries `sentTokens`, each token's text and when
   * its event was written to the connection, so a client can tell the emulator's own lateness (it
   * shares the machine's cores) from the delay of whatever sits between it and the client. Off by
   * default.
   */
  recordTokenTimes?: boolean;
  /** One line per request; silent when absent. */
  log?: (line: string) => void;
}

const count = z.number().int().positive();

const optionsSchema = z
  .object({
    port: z.number().int().min(0).max(65_535).default(0),
    host: z.string().min(1).default("127.0.0.1"),
    maxInputTokens: count.default(7168),
    maxTotalTokens: count.default(8192),
    maxConcurrentRequests: count.default(128),
    maxStopSequences: z.number().int().min(0).default(4),
    maxBestOf: count.default(2),
    maxClientBatchSize: count.default(4),
    maxTopNTokens: z.number().int().min(0).default(5),
    tokensPerSecond: z.number().min(0).default(50),
    apiKey: z.string().min(1).nullable().default(null),
    tokenizerDir: z.string().min(1).default(defaultTokenizerDir),
    keepAliveMs: z.number().int().min(0).default(15_000),
    requestLogSize: count.default(100),
    payloadLimit: count.default(2_000_000),
    recordTokenTimes: z.boolean().default(false),
  })
  .refine((o) => o.maxInputTokens < o.maxTotalTokens, {
    message: "`max_input_tokens` must be < `max_total_tokens`",
  });

export type ResolvedConfig = z.infer<typeof optionsSchema> & {
  faults: FaultSet;
  log: ((line: string) => void) | null;
};

export function resolveConfig(options: EmulatorOptions = {}): ResolvedConfig {
  const { faults, log, ...rest } = options;
  const parsed = optionsSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid emulator options: ${issue?.path.join(".") || "options"}: ${issue?.message ?? ""}`);
  }
  return { ...parsed.data, faults: { ...noFaults, ...faults }, log: log ?? null };
}
