// The TGI emulator as the bench runs it: inference/emulator's server with a request log long enough
// to hold every stream of a 256-stream wave (the CLI keeps 100), since each token's delay is measured
// from the time the emulator wrote it (sentTokens in /emulator/state).
//   node bench/servers/emulator-main.ts --port N --tokens-per-second R
import { parseArgs } from "node:util";
import { startEmulator } from "../../inference/emulator/server.ts";

const { values } = parseArgs({ options: { port: { type: "string" }, "tokens-per-second": { type: "string" } } });
const emulator = await startEmulator({
  port: Number(values.port ?? 0),
  tokensPerSecond: Number(values["tokens-per-second"] ?? 65),
  // Above the 256-stream level: the bench measures the app, not the emulator's queue.
  maxConcurrentRequests: 1024,
  requestLogSize: 2048,
  // Each token's delay is measured from when the emulator wrote it (streaming.ts).
  recordTokenTimes: true,
});
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void emulator.close().finally(() => process.exit(0)));
}
