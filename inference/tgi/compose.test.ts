import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MAX_SERVER_STOPS, VINAI_DEFAULTS } from "@/lib/phogpt/call-settings";
import { TGI_VERSION } from "../emulator/config.ts";
import { startEmulator } from "../emulator/server.ts";
import {
  checkLlamaCpp,
  checkTgi,
  checkVllm,
  durationSeconds,
  flagValues,
  readCompose,
  resolveCompose,
  type Contract,
} from "./testing/compose-checks.ts";
import { interpolate, InterpolationError } from "./testing/interpolate.ts";

// The model servers' Compose files against what the app, the model and the emulator rely on. Each value of the
// contract is read from its source, so a change there fails here instead of in production.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string) => readFileSync(path.resolve(root, file), "utf8");

function readContract(): Contract {
  const tokenizerConfig = JSON.parse(read("../shared/phogpt/tokenizer_config.json")) as { model_max_length?: unknown };
  const envSource = read("lib/env.ts");
  const defaultUrl = /INFERENCE_URL:[^\n]*\.default\("([^"]+)"\)/.exec(envSource)?.[1];
  const requestModel = /\bmodel: "([^"]+)"/.exec(read("lib/model-server/tgi-server.ts"))?.[1];
  return {
    contextTokens: Number(tokenizerConfig.model_max_length),
    replyTokens: VINAI_DEFAULTS.maxOutputTokens,
    stopSequences: MAX_SERVER_STOPS,
    apiKeyVariable: /^\s*(INFERENCE_API_KEY):/m.exec(envSource)?.[1] ?? "(INFERENCE_API_KEY not found in lib/env.ts)",
    appPort: Number(defaultUrl ? new URL(defaultUrl).port : Number.NaN),
    requestModel: requestModel ?? "(no model found in lib/model-server/tgi-server.ts)",
    tgiVersion: TGI_VERSION.replace(/-.*$/, ""),
  };
}

const contract = readContract();
const tgi = readCompose(read("inference/tgi/compose.yaml"));
const vllm = readCompose(read("inference/tgi/vllm.compose.yaml"));
const llamaCpp = readCompose(read("inference/tgi/llama-cpp.compose.yaml"));

/** The loosely typed shape the breakages below edit. */
interface Doc {
  services: Record<string, Record<string, unknown> & { command: string[] }>;
  volumes?: Record<string, unknown>;
}

type Breakage = [description: string, breakIt: (doc: Doc) => void, problem: RegExp];

function broken(doc: unknown, breakIt: (doc: Doc) => void): Doc {
  const copy = structuredClone(doc) as Doc;
  breakIt(copy);
  return copy;
}

function service(doc: Doc, name: string): Doc["services"][string] {
  const found = doc.services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
}

function setFlag(args: string[], name: string, value: string): void {
  const at = args.indexOf(name);
  if (at === -1) args.push(name, value);
  else args[at + 1] = value;
}

function removeFlag(args: string[], name: string): void {
  const at = args.indexOf(name);
  if (at !== -1) args.splice(at, 2);
}

/** The value of `name` in a service's command once Compose has applied the defaults. */
function resolvedFlag(doc: unknown, serviceName: string, name: string): number {
  const resolved = resolveCompose(doc, { [contract.apiKeyVariable]: "test-key" }) as Doc;
  return Number(flagValues(service(resolved, serviceName).command, name).at(-1));
}

describe("the contract read from the app", () => {
  it("finds every value it checks the Compose files against", () => {
    expect(contract).toEqual({
      contextTokens: expect.any(Number),
      replyTokens: expect.any(Number),
      stopSequences: expect.any(Number),
      apiKeyVariable: "INFERENCE_API_KEY",
      appPort: expect.any(Number),
      requestModel: expect.stringMatching(/^\S+$/),
      tgiVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
    for (const count of [contract.contextTokens, contract.replyTokens, contract.stopSequences, contract.appPort]) {
      expect(Number.isInteger(count) && count > 0).toBe(true);
    }
  });
});

describe("inference/tgi/compose.yaml (TGI)", () => {
  it("meets the contract", () => {
    expect(checkTgi(tgi, contract)).toEqual([]);
  });

  it("refuses to start without INFERENCE_API_KEY", () => {
    expect(() => resolveCompose(tgi, {})).toThrow(/INFERENCE_API_KEY/);
    expect(() => resolveCompose(tgi, { INFERENCE_API_KEY: "" })).toThrow(InterpolationError);
  });

  const tgiService = (doc: Doc) => service(doc, "tgi");
  const args = (doc: Doc) => tgiService(doc).command;
  const healthcheck = (doc: Doc) => tgiService(doc).healthcheck as Record<string, unknown>;
  const breakages: Breakage[] = [
    [
      "the latest tag",
      (d) => (tgiService(d).image = "ghcr.io/huggingface/text-generation-inference:latest"),
      /not pinned/,
    ],
    [
      "a minor-version tag",
      (d) => (tgiService(d).image = "ghcr.io/huggingface/text-generation-inference:3.3"),
      /not pinned/,
    ],
    [
      "a digest without a release",
      (d) => (tgiService(d).image = `ghcr.io/huggingface/text-generation-inference@sha256:${"a".repeat(64)}`),
      /digest alone/,
    ],
    [
      "another image",
      (d) => (tgiService(d).image = "example.org/text-generation-inference:3.3.6"),
      /must be ghcr.io\/huggingface/,
    ],
    [
      "a version the emulator does not copy",
      (d) => (tgiService(d).image = "ghcr.io/huggingface/text-generation-inference:3.3.5"),
      /emulator copies/,
    ],
    [
      "a TGI older than 2.1",
      (d) => (tgiService(d).image = "ghcr.io/huggingface/text-generation-inference:2.0.4"),
      /needs 2\.1/,
    ],
    ["another model", (d) => setFlag(args(d), "--model-id", "vinai/PhoGPT-4B"), /--model-id must be/],
    ["a total beyond the context", (d) => setFlag(args(d), "--max-total-tokens", "16384"), /exceeds PhoGPT's context/],
    ["an input limit at the total", (d) => setFlag(args(d), "--max-input-tokens", "8192"), /must be less than/],
    ["too little room for the reply", (d) => setFlag(args(d), "--max-input-tokens", "7680"), /tokens for the reply/],
    ["a missing input limit", (d) => removeFlag(args(d), "--max-input-tokens"), /--max-input-tokens is missing/],
    ["a limit given twice", (d) => args(d).push("--max-total-tokens", "8192"), /given more than once/],
    ["a limit that is not a number", (d) => setFlag(args(d), "--max-total-tokens", "8k"), /whole number/],
    ["too few stop sequences", (d) => setFlag(args(d), "--max-stop-sequences", "2"), /stop sequences the app sends/],
    [
      "an implicit stop-sequence limit",
      (d) => removeFlag(args(d), "--max-stop-sequences"),
      /--max-stop-sequences is missing/,
    ],
    ["a batch smaller than a request", (d) => setFlag(args(d), "--max-batch-total-tokens", "4096"), /cannot hold one/],
    [
      "a prefill smaller than a prompt",
      (d) => setFlag(args(d), "--max-batch-prefill-tokens", "2048"),
      /cannot prefill/,
    ],
    [
      "a prefill beyond the batch",
      (d) => setFlag(args(d), "--max-batch-prefill-tokens", "20000"),
      /exceeds --max-batch/,
    ],
    ["no API key", (d) => removeFlag(args(d), "--api-key"), /--api-key is missing/],
    ["a key written into the file", (d) => setFlag(args(d), "--api-key", "secret"), /must come from/],
    ["a key from another variable", (d) => setFlag(args(d), "--api-key", "${API_KEY:?set it}"), /must come from/],
    ["an optional key", (d) => setFlag(args(d), "--api-key", "${INFERENCE_API_KEY}"), /must be required/],
    ["a key with an empty default", (d) => setFlag(args(d), "--api-key", "${INFERENCE_API_KEY:-}"), /must be required/],
    ["a listening port nothing publishes", (d) => setFlag(args(d), "--port", "3000"), /container port 3000/],
    [
      "a port published to the wrong container port",
      (d) => (tgiService(d).ports = ["8080:8080"]),
      /container port 80\b/,
    ],
    ["another host port", (d) => (tgiService(d).ports = ["127.0.0.1:9090:80"]), /default INFERENCE_URL/],
    ["no GPU", (d) => delete tgiService(d).deploy, /no NVIDIA GPU/],
    [
      "a GPU count of zero",
      (d) =>
        (tgiService(d).deploy = {
          resources: { reservations: { devices: [{ driver: "nvidia", count: 0, capabilities: ["gpu"] }] } },
        }),
      /at least 1/,
    ],
    ["no health check", (d) => delete tgiService(d).healthcheck, /no health check/],
    ["a disabled health check", (d) => (healthcheck(d).disable = true), /no health check/],
    [
      "a health check on another route",
      (d) => (healthcheck(d).test = ["CMD", "curl", "-f", "http://127.0.0.1:80/info"]),
      /must request \/health/,
    ],
    ["a short start period", (d) => (healthcheck(d).start_period = "30s"), /start_period/],
    ["no weights volume", (d) => (tgiService(d).volumes = []), /no volume is mounted at \/data/],
    ["an anonymous weights volume", (d) => (tgiService(d).volumes = ["/data"]), /anonymous/],
    ["an undeclared named volume", (d) => delete d.volumes, /not declared/],
    ["no shared memory", (d) => delete tgiService(d).shm_size, /shm_size/],
    [
      "a command written as one string",
      (d) => (tgiService(d).command = "--model-id x" as never),
      /command must be a list/,
    ],
    ["an unset variable without a default", (d) => setFlag(args(d), "--port", "${TGI_PORT:?}"), /cannot interpolate/],
    [
      "another service name",
      (d) => {
        d.services = { "text-generation": tgiService(d) };
      },
      /no service "tgi"/,
    ],
  ];

  it.each(breakages)("catches %s", (_description, breakIt, problem) => {
    expect(checkTgi(broken(tgi, breakIt), contract)).toContainEqual(expect.stringMatching(problem));
  });

  it("accepts a local copy of the model under /data", () => {
    const local = broken(tgi, (d) => setFlag(args(d), "--model-id", "/data/phogpt-4b-chat"));
    expect(checkTgi(local, contract)).toEqual([]);
  });
});

describe("the emulator's defaults", () => {
  it("are TGI's production limits, so tests against the emulator exercise the production budget", async () => {
    const emulator = await startEmulator({ port: 0, tokensPerSecond: 0 });
    try {
      const info = (await (await fetch(`${emulator.url}/info`)).json()) as Record<string, unknown>;
      expect({
        max_input_tokens: info.max_input_tokens,
        max_total_tokens: info.max_total_tokens,
        max_stop_sequences: info.max_stop_sequences,
        max_concurrent_requests: info.max_concurrent_requests,
      }).toEqual({
        max_input_tokens: resolvedFlag(tgi, "tgi", "--max-input-tokens"),
        max_total_tokens: resolvedFlag(tgi, "tgi", "--max-total-tokens"),
        max_stop_sequences: resolvedFlag(tgi, "tgi", "--max-stop-sequences"),
        max_concurrent_requests: resolvedFlag(tgi, "tgi", "--max-concurrent-requests"),
      });
    } finally {
      await emulator.close();
    }
  });
});

describe("inference/tgi/vllm.compose.yaml (vLLM)", () => {
  it("meets the contract", () => {
    expect(checkVllm(vllm, contract)).toEqual([]);
  });

  it("refuses to start without INFERENCE_API_KEY", () => {
    expect(() => resolveCompose(vllm, {})).toThrow(/INFERENCE_API_KEY/);
  });

  const vllmService = (doc: Doc) => service(doc, "vllm");
  const args = (doc: Doc) => vllmService(doc).command;
  const breakages: Breakage[] = [
    ["the latest tag", (d) => (vllmService(d).image = "vllm/vllm-openai:latest"), /not pinned/],
    ["another model", (d) => (args(d)[0] = "vinai/PhoGPT-4B"), /must serve/],
    ["a shorter context", (d) => setFlag(args(d), "--max-model-len", "4096"), /not PhoGPT's context/],
    [
      "no name for the app's model",
      (d) => args(d).splice(args(d).indexOf(contract.requestModel), 1),
      /--served-model-name must include/,
    ],
    ["an optional key", (d) => setFlag(args(d), "--api-key", "${INFERENCE_API_KEY-}"), /must be required/],
    ["a port nothing publishes", (d) => setFlag(args(d), "--port", "8001"), /container port 8001/],
    ["no GPU", (d) => delete vllmService(d).deploy, /no NVIDIA GPU/],
    ["no cache volume", (d) => (vllmService(d).volumes = []), /no volume is mounted/],
  ];

  it.each(breakages)("catches %s", (_description, breakIt, problem) => {
    expect(checkVllm(broken(vllm, breakIt), contract)).toContainEqual(expect.stringMatching(problem));
  });
});

describe("inference/tgi/llama-cpp.compose.yaml (llama.cpp)", () => {
  it("meets the contract", () => {
    expect(checkLlamaCpp(llamaCpp, contract)).toEqual([]);
  });

  it("refuses to start without INFERENCE_API_KEY", () => {
    expect(() => resolveCompose(llamaCpp, {})).toThrow(/INFERENCE_API_KEY/);
  });

  const llamaService = (doc: Doc) => service(doc, "llama-cpp");
  const args = (doc: Doc) => llamaService(doc).command;
  const breakages: Breakage[] = [
    ["the rolling server tag", (d) => (llamaService(d).image = "ghcr.io/ggml-org/llama.cpp:server"), /not pinned/],
    ["another model", (d) => setFlag(args(d), "--hf-repo", "someone/other-gguf"), /\.gguf file from/],
    ["slots sharing one context", (d) => setFlag(args(d), "--parallel", "4"), /gives each request 2048 tokens/],
    ["a key written into the file", (d) => setFlag(args(d), "--api-key", "secret"), /must come from/],
    ["a health check on another port", (d) => setFlag(args(d), "--port", "9000"), /must request \/health/],
  ];

  it.each(breakages)("catches %s", (_description, breakIt, problem) => {
    expect(checkLlamaCpp(broken(llamaCpp, breakIt), contract)).toContainEqual(expect.stringMatching(problem));
  });
});

describe("Compose interpolation, as the checks read it", () => {
  it.each([
    ["${A:-d}", {}, "d"],
    ["${A:-d}", { A: "" }, "d"],
    ["${A-d}", { A: "" }, ""],
    ["${A:-${B:-nested}}", {}, "nested"],
    ["${A:+set}", { A: "x" }, "set"],
    ["$$A and $A", { A: "x" }, "$A and x"],
    ["${A}", {}, ""],
  ] as const)("%s with %j is %j", (text, variables, expected) => {
    expect(interpolate(text, variables)).toBe(expected);
  });

  it("fails on a required variable that is unset or, with :?, empty", () => {
    expect(() => interpolate("${A:?needed}", { A: "" })).toThrow("required variable A is missing a value: needed");
    expect(() => interpolate("${A?needed}", {})).toThrow(InterpolationError);
    expect(interpolate("${A?needed}", { A: "" })).toBe("");
  });

  it("reads durations", () => {
    expect([durationSeconds("10m"), durationSeconds("1m30s"), durationSeconds("1h")]).toEqual([600, 90, 3600]);
    expect(durationSeconds("ten minutes")).toBeNaN();
  });
});
