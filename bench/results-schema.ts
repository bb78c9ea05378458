// The shape of bench/results.json, validated before it is written (and by the quick test).
// Times are milliseconds, memory megabytes (MiB), throughput tokens per second; null means
// "not measured" (no samples, or a ratio whose denominator is zero). README.md explains each field.
import { z } from "zod";

const count = z.number().int().nonnegative();
const value = z.number().finite();
const maybe = value.nullable();
const percentiles = z.object({ p50: maybe, p99: maybe });

export const streamingTargetSchema = z.object({
  streams: count,
  completed: count,
  failed: count,
  firstError: z.string().nullable(),
  tokens: count,
  ttftMs: percentiles,
  /** Gaps between consecutive tokens of one stream, over every stream. */
  gapMs: percentiles,
  /** Each token's delay from the emulator writing it to the client receiving it (paced runs only). */
  tokenDelayMs: percentiles,
  /** How late the emulator wrote each token after its schedule (request + k intervals; paced runs only). */
  modelLateMs: percentiles,
  tokensPerSecond: value,
  cpu: z.object({ coresBusy: value, percentOfCorePerStream: value, msPer1kTokens: value }),
  rss: z.object({ idleMb: value, peakMb: value, growthPerStreamMb: value }),
  /**
   * The app only: replies read back from the app after the wave (GET /api/threads/:id), saved
   * `complete` and identical to the text streamed to the user. Null for the baseline, which stores nothing.
   */
  saved: z.object({ checked: count, complete: count, identical: count }).nullable(),
});

export const streamingLevelSchema = z.object({
  streams: count,
  /** The machine's 1-minute load average once the level ran: above the CPU count, other work shared the cores. */
  loadAverage1m: value,
  app: streamingTargetSchema,
  baseline: streamingTargetSchema,
  /** app − baseline. */
  added: z.object({ ttftMs: percentiles, perTokenMs: percentiles, tokenDelayMs: percentiles }),
  /** app ÷ baseline. */
  ratio: z.object({
    ttftP50: maybe,
    ttftP99: maybe,
    gapP50: maybe,
    gapP99: maybe,
    tokenDelayP50: maybe,
    tokenDelayP99: maybe,
    tokensPerSecond: maybe,
    cpuCores: maybe,
    rssGrowthPerStream: maybe,
  }),
});

export const historyOperationSchema = z.object({ requests: count, ms: percentiles, meanMs: value });

export const historyDatabaseSchema = z.object({
  kind: z.enum(["sqlite", "postgres"]),
  /** Why this database was not measured (e.g. PostgreSQL not reachable); the figures are then null. */
  skipped: z.string().nullable(),
  seed: z.object({ cached: z.boolean(), seedSeconds: value, copySeconds: value }).nullable(),
  listThreads: historyOperationSchema.nullable(),
  openThread: historyOperationSchema.nullable(),
  sendMessage: historyOperationSchema.nullable(),
  /** The first send into each thread, whose seeded history has no token counts yet (absent before 2026-11-27). */
  firstSendMessage: historyOperationSchema.nullable().default(null),
  /** GET /api/search over the bench user's 100,000 messages (absent in results from before it). */
  search: historyOperationSchema.nullable().default(null),
  lastModelCall: z
    .object({ promptTokens: z.number().int().nullable(), outcome: z.string().nullable(), error: z.string().nullable() })
    .nullable(),
});

export const frontendSchema = z.object({
  firstLoadJs: z.object({ files: count, rawKb: value, gzipKb: value }),
  longThread: z.object({
    messages: count,
    renderedMessages: count,
    htmlKb: value,
    ttfbMs: value,
    domContentLoadedMs: value,
    loadMs: value,
    timeToRenderMs: value,
    domElements: count,
    domNodes: count,
    jsHeapUsedMb: value,
  }),
  streaming: z.object({
    tokens: count,
    tokensPerSecond: value,
    windowMs: value,
    busyShare: value,
    longTaskShare: value,
    longTasks: count,
  }),
});

export const floorSchema = z.object({
  id: z.string(),
  description: z.string(),
  comparison: z.enum(["<", ">="]),
  limit: value,
  unit: z.string(),
  measured: maybe,
  /** null when the figure was not measured in this run. */
  pass: z.boolean().nullable(),
});

export const resultsSchema = z.object({
  schemaVersion: z.literal(1),
  date: z.iso.datetime(),
  mode: z.enum(["full", "quick"]),
  durationSeconds: value,
  /** .next/BUILD_ID of the build measured. */
  buildId: z.string(),
  machine: z.object({
    cpus: count,
    cpuModel: z.string(),
    memoryGb: value,
    node: z.string(),
    platform: z.string(),
    release: z.string(),
    loadAverage1m: value,
  }),
  parameters: z.object({
    sections: z.array(z.enum(["streaming", "history", "frontend"])),
    databases: z.array(z.enum(["sqlite", "postgres"])),
    streaming: z.object({
      database: z.enum(["sqlite", "postgres"]),
      levels: z.array(count),
      tokensPerSecondPerStream: value,
      replyTokens: count,
      roundsAtOne: count,
      ceilingStreams: count,
      ceilingReplyTokens: count,
    }),
    history: z.object({
      users: count,
      threads: count,
      messages: count,
      longThreads: count,
      longThreadMessages: count,
      requests: count,
    }),
    frontend: z.object({ streamTokens: count, streamTokensPerSecond: value }),
  }),
  streaming: z
    .object({
      levels: z.array(streamingLevelSchema),
      ceiling: streamingLevelSchema,
      /** Least-squares slope of peak RSS over streams (levels): memory per additional stream. */
      rssSlopeMbPerStream: z.object({ app: maybe, baseline: maybe }),
    })
    .nullable(),
  history: z.object({ databases: z.array(historyDatabaseSchema) }).nullable(),
  frontend: frontendSchema.nullable(),
  /** Fitting and rendering the prompt of a 2,000-message thread, counts cached (in process). */
  promptAssembly: z.object({
    messages: count,
    iterations: count,
    keptMessages: count,
    ms: z.object({ p50: maybe, p99: maybe }),
  }),
  floors: z.array(floorSchema),
  /** Sections that failed, with the error; their figures are null. */
  errors: z.array(z.object({ section: z.string(), message: z.string() })),
});

export type StreamingTargetFigures = z.infer<typeof streamingTargetSchema>;
export type StreamingLevel = z.infer<typeof streamingLevelSchema>;
export type StreamingCeiling = StreamingLevel;
export type HistoryOperation = z.infer<typeof historyOperationSchema>;
export type HistoryDatabase = z.infer<typeof historyDatabaseSchema>;
export type FrontendResults = z.infer<typeof frontendSchema>;
export type Floor = z.infer<typeof floorSchema>;
export type Results = z.infer<typeof resultsSchema>;
