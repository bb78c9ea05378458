import http from "node:http";
import https from "node:https";

// fetch over node:http(s), for the model server's requests (@huggingface/inference takes any
// fetch). Node's own fetch (undici) hands each streamed chunk on a turn of the event loop later and
// cost the app more CPU per token; at a hundred streams tokens are most of the app's work
// (bench/README.md). It does what the model server's requests need: a string or byte body, a
// signal, a streamed response body. Failures look like undici's: the signal's reason once it
// aborted, otherwise a TypeError "fetch failed" with the cause, and "terminated" for a body that
// breaks off.

// Connections are kept for the next request, but an idle one is closed after 4 s, or a second before
// the server's own Keep-Alive timeout when it announces one (Node applies the hint only with a
// timeout set): a request sent on a connection the server is closing fails with ECONNRESET.
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000 };
const agents = {
  "http:": new http.Agent(KEEP_ALIVE),
  "https:": new https.Agent(KEEP_ALIVE),
};
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export const nodeHttpFetch: typeof fetch = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    if (typeof input !== "string" && !(input instanceof URL)) {
      throw new TypeError("nodeHttpFetch takes a URL and options, not a Request");
    }
    const url = new URL(input);
    const protocol = url.protocol === "https:" ? "https:" : url.protocol === "http:" ? "http:" : undefined;
    if (!protocol) throw new TypeError(`nodeHttpFetch: unsupported protocol ${url.protocol}`);
    const body = requestBody(init.body);
    const headers = Object.fromEntries(new Headers(init.headers));
    if (body !== undefined) headers["content-length"] = String(body.byteLength);
    const signal = init.signal ?? undefined;
    const options = { method: init.method ?? "GET", headers, agent: agents[protocol], ...(signal ? { signal } : {}) };
    const send = (retried: boolean) => {
      let answered = false;
      const request = (protocol === "https:" ? https : http).request(url, options, (response) => {
        answered = true;
        resolve(toResponse(response, signal));
      });
      request.on("error", (error: NodeJS.ErrnoException) => {
        // A kept connection the server closed as it was reused, before any answer: sent once more
        // on a new connection (what Node's documentation advises).
        const stale = request.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE");
        if (stale && !answered && !retried && !signal?.aborted) send(true);
        else reject(failure(signal, "fetch failed", error));
      });
      request.end(body);
    };
    send(false);
  });

function requestBody(body: RequestInit["body"]): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError("nodeHttpFetch: the body must be a string or bytes");
}

function failure(signal: AbortSignal | undefined, message: string, cause: unknown): unknown {
  return signal?.aborted ? signal.reason : new TypeError(message, { cause });
}

function toResponse(response: http.IncomingMessage, signal: AbortSignal | undefined): Response {
  const status = response.statusCode ?? 500;
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  const init = { status, statusText: response.statusMessage ?? "", headers };
  if (NULL_BODY_STATUSES.has(status)) {
    response.resume();
    return new Response(null, init);
  }
  let settled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const fail = (cause?: unknown) => {
        if (settled) return;
        settled = true;
        controller.error(failure(signal, "terminated", cause));
      };
      response.on("data", (chunk: Buffer) => {
        if (!settled) controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
      response.on("end", () => {
        if (settled) return;
        settled = true;
        controller.close();
      });
      response.on("error", fail);
      // A connection closed before the body's end (the server went away, or the signal aborted).
      response.on("close", () => fail(response.errored ?? undefined));
    },
    cancel() {
      settled = true;
      response.destroy();
    },
  });
  return new Response(body, init);
}
