// Child processes of a bench run (emulator, app, baseline) and their clean-up: everything started
// here is stopped at the end, on failure and on SIGINT/SIGTERM, by its own process id.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  /** The last 20 kB of stdout and stderr, for error messages. */
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];

/** Registers work for the end of the run (last registered, first run). */
export function onCleanup(cleanup: () => Promise<void>): () => void {
  cleanups.push(cleanup);
  return () => {
    const index = cleanups.indexOf(cleanup);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

export async function cleanupAll(): Promise<void> {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop();
    try {
      await cleanup?.();
    } catch (error) {
      process.stderr.write(`[bench] clean-up failed: ${(error as Error).message}\n`);
    }
  }
}

export function stopOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.stderr.write(`[bench] ${signal}: stopping everything this run started\n`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}

export function spawnChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  // Its own process group, so a stop also reaches anything it forked (and nothing else).
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (exited()) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    signalGroup(pid, "SIGTERM");
    const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), 10_000);
    await gone;
    clearTimeout(timer);
  };
  const forget = onCleanup(stop);
  child.once("exit", forget);
  return { name, pid, process: child, output: () => output, exited, stop };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A free loopback port in [from, to], starting at a random offset so parallel runs rarely collide. */
export async function freePort(from: number, to: number, taken: Set<number> = new Set()): Promise<number> {
  const span = to - from + 1;
  const offset = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = from + ((offset + i) % span);
    if (!taken.has(port) && (await portIsFree(port))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${from}-${to}`);
}

/** Waits until `url` answers 2xx, failing early if the child exits. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exited()) throw new Error(`${child.name} exited while starting:\n${child.output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${child.output()}`);
}

/** Runs a child to completion (stopped with the run on SIGINT); rejects on a non-zero exit. */
export async function runToCompletion(name: string, command: string, args: string[]): Promise<void> {
  const child = spawnChild(name, command, args, process.env);
  const code = await new Promise<number | null>((resolve) => {
    if (child.exited()) resolve(child.process.exitCode);
    else child.process.once("exit", (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new Error(`${name} exited with ${code}:\n${child.output()}`);
}
