// `npm run dev:emulator`: the app in development mode against the TGI emulator,
// for trying the UI without a GPU. The emulator is a stand-in and says so in the UI.
import { spawn } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const emulatorPort = process.env.EMULATOR_PORT ?? "8080";
const inferenceUrl = `http://127.0.0.1:${emulatorPort}`;

const children = [
  spawn(process.execPath, [join(root, "inference/emulator/main.ts"), "--port", emulatorPort], {
    cwd: root,
    stdio: "inherit",
  }),
  spawn(join(root, "node_modules/.bin/next"), ["dev", ...process.argv.slice(2)], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, INFERENCE_URL: inferenceUrl, INFERENCE_API_KEY: "" },
  }),
];

console.log(`[dev] emulator on ${inferenceUrl}; the app uses it as INFERENCE_URL`);

let exiting = false;
function shutDown(code) {
  if (exiting) return;
  exiting = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exitCode = code;
}
for (const child of children) child.once("exit", (code) => shutDown(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => shutDown(0));
