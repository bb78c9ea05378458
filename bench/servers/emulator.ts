// The TGI emulator as its own process (its CPU must not share an event loop with the load generator).
import { join } from "node:path";
import { freePort, spawnChild, waitForHttp, type Child } from "../lib/processes.ts";

export interface EmulatorProcess extends Child {
  url: string;
}

export async function startEmulatorProcess(tokensPerSecond: number, taken: Set<number>): Promise<EmulatorProcess> {
  const port = await freePort(8300, 8399, taken);
  const child = spawnChild(
    "emulator",
    process.execPath,
    [
      join(import.meta.dirname, "emulator-main.ts"),
      "--port",
      String(port),
      "--tokens-per-second",
      String(tokensPerSecond),
    ],
    process.env,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health`, child);
  return { ...child, url };
}
