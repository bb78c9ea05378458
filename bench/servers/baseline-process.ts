// Starts baseline.ts as its own process, like the app, so both are measured the same way.
import { join } from "node:path";
import { freePort, spawnChild, waitForHttp, type Child } from "../lib/processes.ts";

export interface BaselineProcess extends Child {
  url: string;
}

export async function startBaseline(upstream: string, taken: Set<number>): Promise<BaselineProcess> {
  const port = await freePort(3300, 3399, taken);
  const script = join(import.meta.dirname, "baseline.ts");
  const child = spawnChild("baseline", process.execPath, [script, "--port", String(port), "--upstream", upstream], {
    ...process.env,
    NODE_ENV: "production",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health`, child);
  return { ...child, url };
}
