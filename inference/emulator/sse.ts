// Server-sent events as axum writes them: `data:<json>` (no space), blank line, keep-alive comments.

import type { ServerResponse } from "node:http";
import { corsHeaders } from "./http.ts";

export class SseStream {
  private readonly res: ServerResponse;
  private readonly keepAlive: NodeJS.Timeout | null;

  constructor(res: ServerResponse, keepAliveMs: number, headers: Record<string, string>) {
    this.res = res;
    res.writeHead(200, {
      ...corsHeaders,
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
      ...headers,
    });
    res.flushHeaders();
    // axum's KeepAlive sends an empty comment while the stream is open, even when generation stalls.
    this.keepAlive = keepAliveMs > 0 ? setInterval(() => this.write(":\n\n"), keepAliveMs) : null;
    res.on("close", () => this.stopKeepAlive());
  }

  send(data: unknown): void {
    this.write(`data:${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
  }

  end(): void {
    this.stopKeepAlive();
    if (!this.res.writableEnded) this.res.end();
  }

  private write(chunk: string): void {
    if (!this.res.writableEnded && !this.res.destroyed) this.res.write(chunk);
  }

  private stopKeepAlive(): void {
    if (this.keepAlive) clearInterval(this.keepAlive);
  }
}
