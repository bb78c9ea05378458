// Starts the built app for the end-to-end tests on its own freshly migrated
// database, and drops that database when Playwright stops it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase } from "../tests/support/test-database.mjs";
import { withServerNodeOptions } from "./server-node-options.mjs";

const root = join(import.meta.dirname, "..");
const port = process.env.E2E_APP_PORT ?? "3210";

if (!existsSync(join(root, ".next", "BUILD_ID"))) {
  console.error("[e2e] no production build found: run `npm run build` first (npm test does).");
  process.exit(1);
}

const database = await createTestDatabase("e2e");
const app = spawn(join(root, "node_modules", ".bin", "next"), ["start", "-p", port, "-H", "127.0.0.1"], {
  cwd: root,
  stdio: "inherit",
  env: withServerNodeOptions({ ...process.env, DATABASE_URL: database.url, NODE_ENV: "production" }),
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  await new Promise((resolve) => (app.exitCode === null ? app.once("exit", resolve) : resolve()));
  await database.drop();
  process.exit(code);
}

app.once("exit", (code) => void stop(code ?? 1));
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => void stop(0));
