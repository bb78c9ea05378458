// The floors, each checked against its figure in this run. A floor whose figure was not
// measured (a skipped section, or the quick run's smaller levels) has measured and pass null.
import type { Floor, Results } from "./results-schema.ts";

type Figures = Pick<Results, "streaming" | "frontend" | "promptAssembly" | "history">;

interface FloorSpec {
  id: string;
  description: string;
  comparison: "<" | ">=";
  limit: number;
  unit: string;
  measure: (results: Figures) => number | null | undefined;
}

const at128 = (results: Figures) => results.streaming?.levels.find((level) => level.streams === 128);

const largest = (results: Figures) => results.streaming?.levels.at(-1);

const searchOn = (results: Figures, kind: "sqlite" | "postgres") =>
  results.history?.databases.find((database) => database.kind === kind)?.search?.ms.p99;

export const FLOORS: FloorSpec[] = [
  {
    id: "streaming.repliesNotSavedIdentically",
    description:
      "replies of the largest level (256 simultaneous streams) not stored complete and identical to what was streamed",
    comparison: "<",
    limit: 1,
    unit: "replies",
    measure: (r) => {
      const saved = largest(r)?.app.saved;
      return saved ? saved.checked - saved.identical : null;
    },
  },
  {
    id: "promptAssembly.p99For2000Messages",
    description: "assembling the prompt of a 2,000-message thread, token counts cached (p99)",
    comparison: "<",
    limit: 20,
    unit: "ms",
    measure: (r) => r.promptAssembly.ms.p99,
  },
  {
    id: "streaming.tokensPerSecondAt128",
    description: "tokens/s the app delivers in total with 128 simultaneous streams",
    comparison: ">=",
    limit: 5_000,
    unit: "tokens/s",
    measure: (r) => at128(r)?.app.tokensPerSecond,
  },
  {
    id: "streaming.addedPerTokenP99At128",
    description:
      "per-token delay the app adds at p99 with 128 streams: model-to-user delay of each token, app p99 − baseline p99",
    comparison: "<",
    limit: 5,
    unit: "ms",
    measure: (r) => at128(r)?.added.tokenDelayMs.p99,
  },
  {
    id: "streaming.rssGrowthPerStream",
    description: "app resident memory per additional active stream (slope of peak RSS over the levels)",
    comparison: "<",
    limit: 1,
    unit: "MB",
    measure: (r) => r.streaming?.rssSlopeMbPerStream.app,
  },
  {
    id: "history.searchP99Sqlite",
    description: "searching the 100,000 messages of a user among 1,000,000 (GET /api/search, p99), SQLite",
    comparison: "<",
    limit: 100,
    unit: "ms",
    measure: (r) => searchOn(r, "sqlite"),
  },
  {
    id: "history.searchP99Postgres",
    description: "searching the 100,000 messages of a user among 1,000,000 (GET /api/search, p99), PostgreSQL",
    comparison: "<",
    limit: 100,
    unit: "ms",
    measure: (r) => searchOn(r, "postgres"),
  },
  {
    id: "frontend.firstLoadJsGzip",
    description: "the chat page's first-load JavaScript, gzip",
    comparison: "<",
    limit: 200,
    unit: "KB",
    measure: (r) => r.frontend?.firstLoadJs.gzipKb,
  },
  {
    id: "frontend.longThreadDomElements",
    description: "DOM elements with a 1,000-message thread open",
    comparison: "<",
    limit: 5_000,
    unit: "elements",
    measure: (r) => r.frontend?.longThread.domElements,
  },
  {
    id: "frontend.streamingBusyShare",
    description: "share of main-thread time busy while a reply streams at 100 tokens/s",
    comparison: "<",
    limit: 0.3,
    unit: "share",
    measure: (r) => r.frontend?.streaming.busyShare,
  },
];

export function checkFloors(results: Figures): Floor[] {
  return FLOORS.map(({ measure, ...floor }) => {
    const measured = measure(results) ?? null;
    const pass = measured === null ? null : floor.comparison === "<" ? measured < floor.limit : measured >= floor.limit;
    return { ...floor, measured, pass };
  });
}
