import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeHttpFetch } from "./node-http-fetch";

let server: Server;
let base = "";
let releaseSecondChunk: (() => void) | undefined;
const servedSockets = new WeakSet<object>();
let resetAttempts = 0;

async function readBody(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += String(chunk);
  return text;
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.url === "/drop-kept") {
    // A kept connection dropped as it is reused; a new one is answered.
    if (servedSockets.has(request.socket)) return void request.socket.destroy();
    servedSockets.add(request.socket);
    response.end("fresh");
  } else if (request.url === "/drop-always") {
    resetAttempts++;
    request.socket.destroy();
  } else if (request.url === "/echo") {
    const body = await readBody(request);
    response.setHeader("set-cookie", ["a=1", "b=2"]);
    response.writeHead(201, "Made", {
      "content-type": "application/json",
      "x-seen-length": request.headers["content-length"] ?? "",
    });
    response.end(JSON.stringify({ method: request.method, body, auth: request.headers.authorization }));
  } else if (request.url === "/stream") {
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write("data: first\n\n");
    releaseSecondChunk = () => response.end("data: second\n\n");
  } else if (request.url === "/cut") {
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write("data: first\n\n");
    setTimeout(() => response.socket?.destroy(), 20);
  } else if (request.url === "/slow") {
    // Longer than the idle connections' timeout: a long prefill before the first byte.
    setTimeout(() => response.writeHead(200).end("late"), 4_500);
  } else if (request.url === "/empty") {
    response.writeHead(204).end();
  } else {
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write("data: waiting\n\n"); // never ends
  }
}

beforeAll(async () => {
  server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("nodeHttpFetch", () => {
  it("sends the method, headers and body with its length, and answers status, headers and body", async () => {
    const response = await nodeHttpFetch(`${base}/echo`, {
      method: "POST",
      headers: { Authorization: "Bearer k", "Content-Type": "application/json" },
      body: JSON.stringify({ q: "Xin chào" }),
    });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Made");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-seen-length")).toBe(String(Buffer.byteLength(JSON.stringify({ q: "Xin chào" }))));
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await response.json()).toEqual({ method: "POST", body: '{"q":"Xin chào"}', auth: "Bearer k" });
  });

  it("hands each chunk on as it arrives, before the body ends", async () => {
    const response = await nodeHttpFetch(`${base}/stream`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe("data: first\n\n");
    releaseSecondChunk?.();
    expect(decoder.decode((await reader.read()).value)).toBe("data: second\n\n");
    expect((await reader.read()).done).toBe(true);
  });

  it("waits for an answer that takes longer than an idle connection is kept", { timeout: 10_000 }, async () => {
    expect(await (await nodeHttpFetch(`${base}/slow`)).text()).toBe("late");
  });

  it("sends a request again on a new connection when a kept one is dropped as it is reused", async () => {
    expect(await (await nodeHttpFetch(`${base}/drop-kept`)).text()).toBe("fresh");
    expect(await (await nodeHttpFetch(`${base}/drop-kept`)).text()).toBe("fresh");
  });

  it("sends a request at most twice, and reports the failure", async () => {
    await (await nodeHttpFetch(`${base}/echo`, { method: "POST", body: "{}" })).text(); // a kept connection
    resetAttempts = 0;
    const error = await nodeHttpFetch(`${base}/drop-always`).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toBe("fetch failed");
    expect(resetAttempts).toBeGreaterThanOrEqual(1);
    expect(resetAttempts).toBeLessThanOrEqual(2);
  });

  it("answers a null body for 204", async () => {
    const response = await nodeHttpFetch(`${base}/empty`);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("errors the body with 'terminated' when the connection breaks off", async () => {
    const response = await nodeHttpFetch(`${base}/cut`);
    const reader = response.body!.getReader();
    await reader.read();
    const error = await reader.read().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("terminated");
  });

  it("errors the body with the signal's reason when it aborts mid-body", async () => {
    const controller = new AbortController();
    const response = await nodeHttpFetch(`${base}/forever`, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    const reason = new DOMException("stop", "AbortError");
    controller.abort(reason);
    await expect(reader.read()).rejects.toBe(reason);
  });

  it("rejects with the signal's reason when aborted before sending", async () => {
    const reason = new DOMException("already", "AbortError");
    await expect(nodeHttpFetch(`${base}/echo`, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it("rejects an unreachable server with TypeError 'fetch failed' and the cause's code", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await nodeHttpFetch(`http://127.0.0.1:${port}/`).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("fetch failed");
    expect(((error as Error).cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("refuses a Request object and an unsupported protocol", async () => {
    await expect(nodeHttpFetch(new Request(`${base}/echo`))).rejects.toThrow(TypeError);
    await expect(nodeHttpFetch("ftp://127.0.0.1/")).rejects.toThrow("unsupported protocol");
  });
});
