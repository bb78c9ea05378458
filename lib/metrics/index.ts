// In-process metrics, one registry per server process (Prometheus scrapes each instance),
// rendered in the Prometheus text exposition format by GET /api/metrics.
// Kept on globalThis: the proxy and the route handlers are bundled separately.

type Labels = Record<string, string>;

interface Registry {
  counters: Map<string, Map<string, number>>;
  gauges: Map<string, number>;
  histograms: Map<string, { buckets: number[]; counts: number[]; sum: number; count: number }>;
}

const TTFT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

const help: Record<string, [type: "counter" | "gauge" | "histogram", text: string]> = {
  phogpt_http_requests_total: ["counter", "HTTP requests answered, by method, route and status"],
  phogpt_streams_in_flight: ["gauge", "Replies being streamed from the model server right now"],
  phogpt_time_to_first_token_seconds: ["histogram", "Time from starting a reply to its first token"],
  phogpt_tokens_streamed_total: ["counter", "Tokens streamed from the model server"],
  phogpt_model_errors_total: ["counter", "Model server errors, by kind"],
  phogpt_rate_limited_total: ["counter", "Requests refused by an abuse limit, by limit"],
  phogpt_sign_ins_total: ["counter", "Sign-in attempts, by method and result"],
};

const globalForMetrics = globalThis as unknown as { phogptMetrics?: Registry };

function registry(): Registry {
  globalForMetrics.phogptMetrics ??= { counters: new Map(), gauges: new Map(), histograms: new Map() };
  return globalForMetrics.phogptMetrics;
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
  return `{${entries.map(([key, value]) => `${key}="${escape(value)}"`).join(",")}}`;
}

function increment(name: string, labels: Labels = {}, by = 1): void {
  const series = registry().counters.get(name) ?? new Map<string, number>();
  registry().counters.set(name, series);
  const key = labelText(labels);
  series.set(key, (series.get(key) ?? 0) + by);
}

function addToGauge(name: string, by: number): void {
  registry().gauges.set(name, Math.max(0, (registry().gauges.get(name) ?? 0) + by));
}

function observe(name: string, value: number, buckets: number[]): void {
  const histogram = registry().histograms.get(name) ?? {
    buckets,
    counts: buckets.map(() => 0),
    sum: 0,
    count: 0,
  };
  registry().histograms.set(name, histogram);
  histogram.buckets.forEach((bound, index) => {
    if (value <= bound) histogram.counts[index] = (histogram.counts[index] ?? 0) + 1;
  });
  histogram.sum += value;
  histogram.count += 1;
}

// Ids in paths become ":id" so the route label stays low-cardinality, and share link ids (24
// base64url characters, secrets) never reach the metrics.
const ID_SEGMENT = /^(?:[0-9a-f-]{16,}|\d+|[A-Za-z0-9_-]{24})$/i;

export function routeLabel(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => (ID_SEGMENT.test(segment) || segment.length > 40 ? ":id" : segment))
    .join("/");
}

export function recordHttpRequest(method: string, pathname: string, status: number): void {
  increment("phogpt_http_requests_total", { method, route: routeLabel(pathname), status: String(status) });
}

// The chat path reports each reply: started → first token → tokens … → ended (or a model error).
export function recordStreamStarted(): void {
  addToGauge("phogpt_streams_in_flight", 1);
}

export function recordFirstToken(milliseconds: number): void {
  observe("phogpt_time_to_first_token_seconds", milliseconds / 1000, TTFT_BUCKETS);
}

export function recordTokens(count: number): void {
  if (count > 0) increment("phogpt_tokens_streamed_total", {}, count);
}

export function recordStreamEnded(): void {
  addToGauge("phogpt_streams_in_flight", -1);
}

export function recordModelError(kind: string): void {
  increment("phogpt_model_errors_total", { kind });
}

export function recordRateLimited(limit: string): void {
  increment("phogpt_rate_limited_total", { limit });
}

export function recordSignIn(method: "password" | "oidc", result: "success" | "failure" | "rate_limited"): void {
  increment("phogpt_sign_ins_total", { method, result });
}

export function renderMetrics(): string {
  const { counters, gauges, histograms } = registry();
  const lines: string[] = [];
  for (const [name, [type, text]] of Object.entries(help)) {
    lines.push(`# HELP ${name} ${text}`, `# TYPE ${name} ${type}`);
    if (type === "counter") {
      const series = counters.get(name);
      if (!series || series.size === 0) lines.push(`${name} 0`);
      else for (const [labels, value] of series) lines.push(`${name}${labels} ${value}`);
    } else if (type === "gauge") {
      lines.push(`${name} ${gauges.get(name) ?? 0}`);
    } else {
      const histogram = histograms.get(name) ?? {
        buckets: TTFT_BUCKETS,
        counts: TTFT_BUCKETS.map(() => 0),
        sum: 0,
        count: 0,
      };
      histogram.buckets.forEach((bound, index) =>
        lines.push(`${name}_bucket{le="${bound}"} ${histogram.counts[index] ?? 0}`),
      );
      lines.push(
        `${name}_bucket{le="+Inf"} ${histogram.count}`,
        `${name}_sum ${histogram.sum}`,
        `${name}_count ${histogram.count}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

export function resetMetricsForTests(): void {
  globalForMetrics.phogptMetrics = undefined;
}
