import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCli } from "./cli.ts";

describe("parseCli", () => {
  it("reads the environment", () => {
    const { options } = parseCli([], {
      EMULATOR_PORT: "9000",
      EMULATOR_TOKENS_PER_SECOND: "0",
      EMULATOR_MAX_INPUT_TOKENS: "100",
      EMULATOR_MAX_TOTAL_TOKENS: "200",
      EMULATOR_MAX_CONCURRENT_REQUESTS: "3",
      API_KEY: "k",
      EMULATOR_TOKENIZER_DIR: "/tmp/tok",
      EMULATOR_FAULTS: "unhealthy,stall-after=2",
    });
    expect(options).toEqual({
      port: 9000,
      host: "127.0.0.1",
      tokensPerSecond: 0,
      maxInputTokens: 100,
      maxTotalTokens: 200,
      maxConcurrentRequests: 3,
      apiKey: "k",
      tokenizerDir: "/tmp/tok",
      faults: { unhealthy: true, stallAfterTokens: 2 },
    });
  });

  it("lets flags win over the environment, and --fault repeat", () => {
    const { options, quiet } = parseCli(
      ["--port", "0", "--api-key", "flag", "--fault", "fail-before", "--fault", "close-after=1", "--quiet"],
      { EMULATOR_PORT: "9000", API_KEY: "env" },
    );
    expect(options).toMatchObject({
      port: 0,
      apiKey: "flag",
      faults: { failBeforeFirstToken: true, closeAfterTokens: 1 },
    });
    expect(quiet).toBe(true);
  });

  it("defaults to port 8080 and no API key", () => {
    expect(parseCli([], {}).options).toEqual({ port: 8080, host: "127.0.0.1", apiKey: null, faults: {} });
  });

  it("rejects bad numbers, unknown flags and unknown faults", () => {
    expect(() => parseCli(["--port", "x"], {})).toThrow(/--port/);
    expect(() => parseCli(["--nope"], {})).toThrow();
    expect(() => parseCli([], { EMULATOR_FAULTS: "explode" })).toThrow(/unknown fault/);
  });
});

describe("main.ts", () => {
  it("prints an emulator banner and the URL, serves, and exits cleanly on SIGTERM", async () => {
    const main = path.join(path.dirname(fileURLToPath(import.meta.url)), "main.ts");
    const child = spawn(process.execPath, [main, "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 10_000);
        child.stdout.on("data", () => {
          const match = /listening:\s+(http:\/\/\S+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      expect(output).toContain("TGI EMULATOR: not a real model");
      const info = (await (await fetch(`${url}/info`)).json()) as { model_id: string };
      expect(info.model_id).toContain("emulator");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
