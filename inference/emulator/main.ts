// CLI entry: node inference/emulator/main.ts [--port 8080 ...]. Runs the TGI emulator until SIGTERM/SIGINT.

import { parseCli, USAGE } from "./cli.ts";
import { startEmulator } from "./server.ts";

async function main(): Promise<void> {
  let cli;
  try {
    cli = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (cli.help) {
    process.stdout.write(USAGE);
    return;
  }

  const emulator = await startEmulator({
    ...cli.options,
    log: cli.quiet ? undefined : (line) => process.stdout.write(`[tgi-emulator] ${line}\n`),
  });
  const state = emulator.state();
  process.stdout.write(
    [
      "==================================================================",
      " TGI EMULATOR: not a real model. Replies are canned Vietnamese text",
      " built from the prompt, for development and tests only.",
      "==================================================================",
      ` model_id:   ${emulator.modelId}`,
      ` tokenizer:  ${emulator.tokenizer === "phogpt" ? "PhoGPT (real token ids)" : "byte fallback (token counts are NOT PhoGPT's)"}`,
      ` pace:       ${state.tokensPerSecond > 0 ? `${state.tokensPerSecond} tokens/s` : "as fast as possible"}`,
      ` api key:    ${cli.options.apiKey ? "required (Authorization: Bearer ...)" : "none"}`,
      ` listening:  ${emulator.url}${state.faults.refuseConnections ? ' (NOT accepting: fault "refuse" is on)' : ""}`,
      "",
    ].join("\n"),
  );

  let closing = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    process.stdout.write(`[tgi-emulator] ${signal}: shutting down\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`[tgi-emulator] shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`[tgi-emulator] failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
