// The baseline: the least a server can do to relay the model's stream. POST /api/chat {text} →
// POST <upstream>/v1/completions (stream) → the same UI message stream wire format the app writes,
// one `text-delta` event per token as it arrives. No auth, no database, no AI SDK, no Next.js.
//   node bench/servers/baseline.ts --port N --upstream http://127.0.0.1:8300
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { port: { type: "string" }, upstream: { type: "string" } } });
const upstream = new URL("/v1/completions", values.upstream ?? "http://127.0.0.1:8080");
// Idle connections close before the emulator's Keep-Alive timeout (its hint applies only with a timeout
// set): reusing one the emulator is closing failed ceiling streams with ECONNRESET.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, timeout: 4_000 });

function event(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Relays upstream SSE events (`data:{json}`) as text-delta events; calls `end` after [DONE]. */
function relay(res: ServerResponse, upstreamRes: IncomingMessage): void {
  let buffered = "";
  let open = false;
  upstreamRes.setEncoding("utf8");
  upstreamRes.on("data", (chunk: string) => {
    buffered += chunk;
    let boundary = buffered.indexOf("\n\n");
    while (boundary >= 0) {
      const raw = buffered.slice(0, boundary).trim();
      buffered = buffered.slice(boundary + 2);
      boundary = buffered.indexOf("\n\n");
      if (!raw.startsWith("data:")) continue; // keep-alive comments
      const data = raw.slice(5).trim();
      if (data === "[DONE]") continue;
      const text = (JSON.parse(data) as { choices?: { text?: string }[] }).choices?.[0]?.text ?? "";
      if (text === "") continue;
      if (!open) res.write(event({ type: "text-start", id: "0" }));
      open = true;
      res.write(event({ type: "text-delta", id: "0", delta: text }));
    }
  });
  upstreamRes.on("end", () => {
    if (open) res.write(event({ type: "text-end", id: "0" }));
    res.end(`${event({ type: "finish" })}data: [DONE]\n\n`);
  });
}

async function chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { text } = JSON.parse(await readBody(req)) as { text: string };
  const body = JSON.stringify({
    prompt: `### Câu hỏi: ${text.trim()}\n### Trả lời:`,
    max_tokens: 1024,
    stop: ["\n### Câu hỏi:"],
    stream: true,
  });
  const upstreamReq = http.request(upstream, {
    method: "POST",
    agent,
    headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
  });
  res.on("close", () => upstreamReq.destroy()); // the client left: free the model's slot
  upstreamReq.on("response", (upstreamRes) => {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-vercel-ai-ui-message-stream": "v1",
    });
    res.write(event({ type: "start" }));
    relay(res, upstreamRes);
  });
  upstreamReq.on("error", (error) => {
    if (!res.headersSent) res.writeHead(502).end(error.message);
    else res.destroy();
  });
  upstreamReq.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/health") return void res.writeHead(200).end("ok");
  if (req.method === "POST" && req.url === "/api/chat") {
    return void chat(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(400).end(String(error));
    });
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 60_000;
server.listen(Number(values.port ?? 0), "127.0.0.1");
for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => process.exit(0));
