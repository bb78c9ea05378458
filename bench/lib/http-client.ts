// A small HTTP client on node:http: cheaper per event than fetch (the load generator shares two
// cores with the servers it measures), and it timestamps what the bench needs.
import http, { type IncomingHttpHeaders } from "node:http";

// Sequential requests of one user reuse a connection, as a browser does. Idle sockets are closed
// after 2 s, before the server's keep-alive timeout (5 s in Node) can race a reuse into ECONNRESET.
export const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, timeout: 2_000 });

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface TimedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request was sent, the headers arrived and the body ended. */
  startedAt: number;
  headersAt: number;
  endedAt: number;
}

export function request(url: string, options: RequestOptions = {}): Promise<TimedResponse> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers, agent }, (res) => {
      const headersAt = performance.now();
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          startedAt,
          headersAt,
          endedAt: performance.now(),
        }),
      );
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

export interface StreamTiming {
  status: number;
  startedAt: number;
  headersAt: number;
  /** Arrival of the first SSE event of any type (the UI stream's `start`). */
  firstEventAt: number | null;
  /** Arrival time of every `text-delta` event. */
  tokenTimes: number[];
  /** The text of the `text-delta` events, joined: the reply as the user received it. */
  text: string;
  /** `data: [DONE]` arrived. */
  done: boolean;
  /** An `error` event's payload, or the body of a non-200 answer, or a transport error. */
  error: string | null;
}

/**
 * POSTs JSON and reads the SSE answer, timestamping each text-delta event as its bytes arrive.
 * Each stream gets its own connection (`agent: false`): every stream is a different user.
 */
export function postStream(url: string, body: string, headers: Record<string, string>): Promise<StreamTiming> {
  return new Promise((resolve) => {
    const timing: StreamTiming = {
      status: 0,
      startedAt: performance.now(),
      headersAt: Number.NaN,
      firstEventAt: null,
      tokenTimes: [],
      text: "",
      done: false,
      error: null,
    };
    const req = http.request(
      url,
      { method: "POST", agent: false, headers: { "content-type": "application/json", ...headers } },
      (res) => {
        timing.status = res.statusCode ?? 0;
        timing.headersAt = performance.now();
        res.setEncoding("utf8");
        let buffered = "";
        res.on("data", (chunk: string) => {
          const now = performance.now();
          timing.firstEventAt ??= now;
          buffered += chunk;
          let boundary = buffered.indexOf("\n\n");
          while (boundary >= 0) {
            readEvent(buffered.slice(0, boundary), now, timing);
            buffered = buffered.slice(boundary + 2);
            boundary = buffered.indexOf("\n\n");
          }
        });
        res.on("end", () => {
          if (timing.status !== 200) timing.error ??= `HTTP ${timing.status}: ${buffered.slice(0, 300)}`;
          resolve(timing);
        });
        res.on("error", (error) => resolve({ ...timing, error: error.message }));
      },
    );
    req.on("error", (error) => resolve({ ...timing, error: error.message }));
    req.end(body);
  });
}

// A JSON string value cannot hold an unescaped `"`, so these substrings only match the event's own type.
function readEvent(raw: string, now: number, timing: StreamTiming): void {
  if (raw.includes('"type":"text-delta"')) {
    timing.tokenTimes.push(now);
    timing.text += (JSON.parse(raw.slice(raw.indexOf("{"))) as { delta?: string }).delta ?? "";
  } else if (raw.startsWith("data: [DONE]")) timing.done = true;
  else if (raw.includes('"type":"error"')) timing.error = raw.slice(0, 300);
}

/** Cookies set by the server, sent back on later requests (one user's session). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(headers: IncomingHttpHeaders): void {
    for (const line of headers["set-cookie"] ?? []) {
      const pair = line.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}
