// The app from its production build (`next build`, `next start`), as scripts/e2e-server.mjs runs it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { withServerNodeOptions } from "../../scripts/server-node-options.mjs";
import { freePort, spawnChild, waitForHttp, type Child } from "../lib/processes.ts";

const root = join(import.meta.dirname, "..", "..");
const nextBin = join(root, "node_modules", ".bin", "next");
export const BENCH_AUTH_SECRET = "bench-secret-bench-secret-bench-secret-0001";

// The abuse limits are raised, not switched off: 256 users sign in from one address and one user
// sends hundreds of messages a minute, but the limiter's bookkeeping stays part of every request.
const LOAD_TEST_LIMITS = {
  RATE_LIMIT_SIGN_IN_PER_ACCOUNT: "1000000",
  RATE_LIMIT_SIGN_IN_PER_IP: "1000000",
  RATE_LIMIT_MESSAGES_PER_MINUTE: "1000000",
  RATE_LIMIT_MESSAGES_PER_DAY: "1000000",
};

export interface AppProcess extends Child {
  url: string;
}

export function hasBuild(): boolean {
  return existsSync(join(root, ".next", "BUILD_ID"));
}

/** Runs `next build` (its output goes to stderr, keeping stdout for the table). */
export function build(log: (line: string) => void): void {
  log("building the app (next build)");
  const result = spawnSync(nextBin, ["build"], {
    cwd: root,
    stdio: ["ignore", process.stderr, process.stderr],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
}

/** `next start` in `projectDir` (a build snapshot, see build-snapshot.ts). */
export async function startApp(
  projectDir: string,
  databaseUrl: string,
  inferenceUrl: string,
  taken: Set<number>,
): Promise<AppProcess> {
  const port = await freePort(3300, 3399, taken);
  const url = `http://127.0.0.1:${port}`;
  const child = spawnChild("app", nextBin, ["start", projectDir, "-p", String(port), "-H", "127.0.0.1"], {
    ...withServerNodeOptions(process.env),
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    INFERENCE_URL: inferenceUrl,
    AUTH_SECRET: BENCH_AUTH_SECRET,
    AUTH_URL: url,
    ...LOAD_TEST_LIMITS,
  });
  await waitForHttp(`${url}/api/health`, child, 120_000);
  return { ...child, url };
}
