// The client's IP address for abuse limits.
//
// Next.js gives route handlers no socket address, and it copies a client-sent X-Forwarded-For
// through unchanged, so that header alone is forgeable. `installClientAddressHeader()` (called once
// per server process from instrumentation.ts) stamps every incoming request with the socket
// address in CLIENT_ADDRESS_HEADER, overwriting any value the client sent. Behind a trusted
// reverse proxy (TRUST_PROXY=true) the socket address is the proxy's, so the rightmost
// X-Forwarded-For entry, the one the proxy appended, names the client instead.
import type { IncomingMessage, Server } from "node:http";

export const CLIENT_ADDRESS_HEADER = "x-phogpt-client-address";

export function clientIp(headers: Headers, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}

const installed = Symbol.for("phogpt.clientAddressHeader");

export async function installClientAddressHeader(): Promise<void> {
  const http = await import("node:http");
  const prototype = http.Server.prototype as Server & { [installed]?: boolean };
  if (prototype[installed]) return;
  prototype[installed] = true;
  const emit = prototype.emit;
  prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as IncomingMessage;
      request.headers[CLIENT_ADDRESS_HEADER] = request.socket?.remoteAddress ?? "unknown";
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
