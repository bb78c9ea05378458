// Starts extra app processes (the built app, `next start`) for tests that restart,
// kill or multiply the server. Each gets its own port; the caller picks the database.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { e2eEmulatorUrl } from "./urls";

const root = join(import.meta.dirname, "..", "..");

export interface AppProcess {
  url: string;
  port: number;
  // The variables it was started with, on top of the defaults (e.g. its DATABASE_URL).
  env: Record<string, string | undefined>;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export const testAuthSecret = "e2e-secret-e2e-secret-e2e-secret-e2e-0001";

function spawnApp(port: number, env: Record<string, string | undefined>): ChildProcess {
  return spawn(join(root, "node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      INFERENCE_URL: e2eEmulatorUrl,
      AUTH_SECRET: testAuthSecret,
      AUTH_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

// Starts the app and waits until it answers /api/health.
export async function startApp(env: Record<string, string | undefined>, port?: number): Promise<AppProcess> {
  const chosen = port ?? (await freePort());
  const child = spawnApp(chosen, env);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${chosen}`;
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port: chosen,
    env,
    child,
    output: () => output,
    async stop(signal = "SIGTERM") {
      child.kill(signal);
      return exitOf(child);
    },
  };
}

// Runs the app with a configuration it must refuse, returning its exit code and output.
export async function runAppExpectingExit(
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; output: string }> {
  const child = spawnApp(await freePort(), env);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await exitOf(child);
  clearTimeout(timer);
  return { code, output };
}
