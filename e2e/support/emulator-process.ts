// A private TGI emulator process, for a test that needs run-level faults (which would break the
// parallel tests if set on the shared emulator). Pair it with startApp({ INFERENCE_URL: emulator.url }).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { freePort } from "./app-process";

const root = join(import.meta.dirname, "..", "..");

export interface EmulatorProcess {
  url: string;
  // Replaces the run-level faults ({} clears them), as POST /emulator/faults does.
  setFaults(faults: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess({
  faults = [] as string[],
  port,
  flags = [] as string[],
}: { faults?: string[]; port?: number; flags?: string[] } = {}) {
  const chosen = port ?? (await freePort());
  const args = ["inference/emulator/main.ts", "--port", String(chosen), "--tokens-per-second", "200", "--quiet"];
  for (const fault of faults) args.push("--fault", fault);
  // Other emulator flags, e.g. ["--max-total-tokens", "2048"].
  args.push(...flags);
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${chosen}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`emulator exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/info`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300) {
      await stop();
      throw new Error(`emulator did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const emulator: EmulatorProcess = {
    url,
    async setFaults(next) {
      const response = await fetch(`${url}/emulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(next),
      });
      if (!response.ok) throw new Error(`POST /emulator/faults answered ${response.status}: ${await response.text()}`);
    },
    stop,
  };
  return emulator;
}
