// The TGI emulator's HTTP server: a stand-in for Text Generation Inference in development and tests.

import http, { type IncomingMessage, type ServerResponse } from "node:http";
import net, { type AddressInfo, type Socket } from "node:net";
import { MODEL_ID, resolveConfig, type EmulatorOptions, type ResolvedConfig } from "./config.ts";
import type { EmulatorContext } from "./engine.ts";
import { noFaults, type FaultOptions, type FaultSet } from "./faults.ts";
import { Rejection, sendEmpty, sendText } from "./http.ts";
import { completionsRoute } from "./routes/completions.ts";
import { controlRoutes, type EmulatorState } from "./routes/control.ts";
import { generateRoutes } from "./routes/generate.ts";
import { infoRoutes } from "./routes/info.ts";
import type { Route } from "./routes/route.ts";
import { tokenizeRoute } from "./routes/tokenize.ts";
import { RequestLog, Slots } from "./state.ts";
import { loadTokenizer } from "./tokens.ts";

export type { EmulatorOptions } from "./config.ts";
export type { FaultOptions, FaultSet } from "./faults.ts";
export type { EmulatorState } from "./routes/control.ts";
export type { RequestRecord } from "./state.ts";

export interface Emulator {
  /** `http://host:port`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly modelId: string;
  readonly tokenizer: "phogpt" | "byte-fallback";
  /** Generations holding a concurrency slot right now. */
  readonly inFlight: number;
  /** In-flight count, faults and the last requests received (what GET /emulator/state returns). */
  state(): EmulatorState;
  /** Replaces the run-level faults (omitted keys are cleared). */
  setFaults(faults: FaultOptions): Promise<void>;
  /** Clears faults, the request log and the peak in-flight count. */
  reset(): Promise<void>;
  /** Resolves when no generation holds a slot (e.g. after a client disconnect). */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /** Ends every generation, drops every connection and stops listening. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const config = resolveConfig(options);
  const tokenizer = loadTokenizer(config.tokenizerDir, (message) => process.stderr.write(`${message}\n`));
  const shutdown = new AbortController();
  const slots = new Slots(config.maxConcurrentRequests);
  const log = new RequestLog(config.requestLogSize);
  let faults: FaultSet = { ...config.faults, refuseConnections: false };

  const ctx: EmulatorContext = {
    config,
    tokenizer,
    slots,
    log,
    limits: {
      maxInputTokens: config.maxInputTokens,
      maxTotalTokens: config.maxTotalTokens,
      maxStopSequences: config.maxStopSequences,
      maxBestOf: config.maxBestOf,
      maxTopNTokens: config.maxTopNTokens,
    },
    faults: () => faults,
    shutdown: shutdown.signal,
  };

  const listener = new Listener(config.host, (socket) => httpServer.emit("connection", socket));
  let refuseTimer: NodeJS.Timeout | null = null;

  async function setFaults(next: FaultOptions, refuseForMs?: number): Promise<void> {
    faults = { ...noFaults, ...next };
    if (refuseTimer) clearTimeout(refuseTimer);
    refuseTimer = null;
    if (faults.refuseConnections) {
      listener.stop();
      // Pooled keep-alive connections would otherwise still reach us.
      httpServer.closeIdleConnections();
      if (refuseForMs !== undefined) {
        refuseTimer = setTimeout(() => {
          faults = { ...faults, refuseConnections: false };
          listener
            .start()
            .catch((error: unknown) => process.stderr.write(`[tgi-emulator] re-listen failed: ${String(error)}\n`));
        }, refuseForMs);
      }
    } else {
      await listener.start();
    }
  }

  const state = (): EmulatorState => ({
    emulator: true,
    modelId: MODEL_ID,
    tokenizer: tokenizer.kind,
    listening: listener.listening,
    inFlight: slots.inFlight,
    peakInFlight: slots.peak,
    maxConcurrentRequests: config.maxConcurrentRequests,
    tokensPerSecond: config.tokensPerSecond,
    faults,
    requests: log.list(),
  });

  async function reset(): Promise<void> {
    await setFaults({});
    log.clear();
    slots.resetPeak();
  }

  const routes: Route[] = [
    ...infoRoutes,
    tokenizeRoute,
    ...generateRoutes,
    completionsRoute,
    ...controlRoutes({ state, setFaults, reset }),
  ];
  const httpServer = http.createServer((req, res) => {
    handle(ctx, routes, req, res).catch((error: unknown) => {
      process.stderr.write(`[tgi-emulator] ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}\n`);
      if (!res.headersSent) sendText(res, 500, "emulator internal error");
      else res.destroy();
    });
  });

  const port = await listener.start(config.port);
  await setFaults(config.faults);
  const urlHost = config.host.includes(":") ? `[${config.host}]` : config.host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    host: config.host,
    modelId: MODEL_ID,
    tokenizer: tokenizer.kind,
    get inFlight() {
      return slots.inFlight;
    },
    state,
    setFaults: (next) => setFaults(next),
    reset,
    waitForIdle: (timeoutMs = 5000) => slots.waitForIdle(timeoutMs),
    close: async () => {
      if (refuseTimer) clearTimeout(refuseTimer);
      shutdown.abort();
      listener.stop();
      listener.destroySockets();
      httpServer.closeAllConnections();
    },
  };
}

async function handle(ctx: EmulatorContext, routes: Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://emulator").pathname;
  logWhenDone(ctx.config, req, res, path);
  if (ctx.faults().dropRequests && !path.startsWith("/emulator/")) {
    req.socket.destroy();
    return;
  }
  if (req.method === "OPTIONS") {
    sendEmpty(res, 200, {
      "access-control-allow-methods": "GET,POST",
      "access-control-allow-headers": "content-type",
    });
    return;
  }
  const samePath = routes.filter((r) => r.path === path);
  const route = samePath.find((r) => r.method === req.method);
  if (!route) {
    if (samePath.length > 0) sendEmpty(res, 405, { allow: samePath.map((r) => r.method).join(",") });
    else sendEmpty(res, 404);
    return;
  }
  if (route.protected && !authorized(ctx.config, req)) {
    sendEmpty(res, 401);
    return;
  }
  try {
    await route.handler(ctx, req, res);
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    sendText(res, error.status, error.message);
  }
}

// TGI compares the whole header with "Bearer <key>", ignoring case.
function authorized(config: ResolvedConfig, req: IncomingMessage): boolean {
  if (config.apiKey === null) return true;
  const header = req.headers.authorization;
  return header !== undefined && header.toLowerCase() === `bearer ${config.apiKey}`.toLowerCase();
}

function logWhenDone(config: ResolvedConfig, req: IncomingMessage, res: ServerResponse, path: string): void {
  const log = config.log;
  if (!log) return;
  const started = performance.now();
  res.on("close", () => {
    const how = res.writableFinished ? String(res.statusCode) : "connection closed";
    log(`${req.method} ${path} ${how} ${Math.round(performance.now() - started)}ms`);
  });
}

/** A TCP listener that can stop and start again on the same port (the refuse-connections fault). */
class Listener {
  private server: net.Server | null = null;
  private port = 0;
  private readonly host: string;
  private readonly onSocket: (socket: Socket) => void;
  private readonly sockets = new Set<Socket>();

  constructor(host: string, onSocket: (socket: Socket) => void) {
    this.host = host;
    this.onSocket = onSocket;
  }

  get listening(): boolean {
    return this.server !== null;
  }

  async start(port: number = this.port): Promise<number> {
    if (this.server) return this.port;
    const server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      this.onSocket(socket);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, this.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  stop(): void {
    this.server?.close();
    this.server = null;
  }

  destroySockets(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}
