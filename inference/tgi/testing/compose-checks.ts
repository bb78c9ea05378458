// What the app relies on in a model server's Compose file, as checks that return one sentence per problem
// (an empty list means the file is fine). compose.test.ts runs them on our files and on broken copies.

import { parse } from "yaml";
import { z } from "zod";
import { interpolateDocument, InterpolationError, type Variables } from "./interpolate.ts";

/** What the app and the model require; compose.test.ts reads each value from its source. */
export interface Contract {
  /** PhoGPT's context (`model_max_length`). */
  contextTokens: number;
  /** The reply length (max_tokens) the app asks for by default. */
  replyTokens: number;
  /** The most stop sequences the app sends. */
  stopSequences: number;
  /** The variable holding the key the app sends (lib/env.ts). */
  apiKeyVariable: string;
  /** The port of the app's default INFERENCE_URL. */
  appPort: number;
  /** The `model` field of the app's completion requests. */
  requestModel: string;
  /** The TGI version whose wire format the emulator copies, e.g. "3.3.6". */
  tgiVersion: string;
}

export const MODEL_ID = "vinai/PhoGPT-4B-Chat";
export const GGUF_REPO = "vinai/PhoGPT-4B-Chat-gguf";
/** TGI's chat templates may call `.strip()` from 2.1 on (../shared/tgi/FACTS.md). */
const MIN_TGI_VERSION = [2, 1, 0];
/** Time for a first start to download and load the weights before failed checks count. */
const MIN_START_PERIOD_SECONDS = 5 * 60;

const serviceSchema = z.object({
  image: z.string(),
  command: z.array(z.string(), { error: "command must be a list of strings (one argument each)" }),
  ports: z
    .array(
      z.union([
        z.string(),
        z.object({
          target: z.coerce.number(),
          published: z.coerce.number().optional(),
          host_ip: z.string().optional(),
        }),
      ]),
    )
    .default([]),
  volumes: z.array(z.union([z.string(), z.object({ source: z.string().optional(), target: z.string() })])).default([]),
  shm_size: z.union([z.string(), z.number()]).optional(),
  healthcheck: z
    .object({
      test: z.union([z.string(), z.array(z.string())]).optional(),
      disable: z.boolean().optional(),
      start_period: z.string().optional(),
    })
    .optional(),
  deploy: z
    .object({
      resources: z
        .object({
          reservations: z
            .object({
              devices: z
                .array(
                  z.object({
                    driver: z.string().optional(),
                    count: z.union([z.number(), z.string()]).optional(),
                    capabilities: z.array(z.string()).default([]),
                  }),
                )
                .optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

const composeSchema = z.object({
  services: z.record(z.string(), serviceSchema),
  volumes: z.record(z.string(), z.unknown()).nullable().optional(),
});

type ComposeFile = z.infer<typeof composeSchema>;
type Service = z.infer<typeof serviceSchema>;

export function readCompose(text: string): unknown {
  return parse(text);
}

/** The file with Compose's interpolation applied (defaults, and `variables` for the rest). */
export function resolveCompose(raw: unknown, variables: Variables): unknown {
  return interpolateDocument(raw, variables);
}

// ---------------------------------------------------------------------------------------------------------------

export function checkTgi(raw: unknown, contract: Contract): string[] {
  return checkService(raw, contract, "tgi", (service, file) => {
    const problems = tgiImageProblems(service.image, contract);
    const args = service.command;
    const modelId = flag(args, "--model-id", problems);
    if (modelId !== MODEL_ID && !modelId?.startsWith("/data/")) {
      problems.push(`--model-id must be ${MODEL_ID} or a local copy under /data, got ${modelId}`);
    }
    problems.push(...tgiLimitProblems(args, contract));
    const port = intFlag(args, "--port", problems);
    problems.push(...serverPortProblems(service, port, contract));
    problems.push(...healthProblems(service, port));
    problems.push(...gpuProblems(service));
    problems.push(...volumeProblems(file, service, "/data", "the Hugging Face cache (weights)"));
    if (service.shm_size === undefined) problems.push("shm_size is not set (TGI's shards need shared memory)");
    return problems;
  });
}

function tgiImageProblems(image: string, contract: Contract): string[] {
  const problems: string[] = [];
  const version = imageTag(image, "ghcr.io/huggingface/text-generation-inference", /^\d+\.\d+\.\d+$/, problems);
  if (version && compareVersions(version, MIN_TGI_VERSION) < 0) {
    problems.push(`TGI ${version} is too old: PhoGPT's chat template needs 2.1 or later`);
  }
  if (version && version !== contract.tgiVersion) {
    problems.push(
      `the image runs TGI ${version} but the emulator copies TGI ${contract.tgiVersion}: move them together`,
    );
  }
  return problems;
}

/** Token limits and stop sequences: what TGI validates every request against. */
function tgiLimitProblems(args: string[], contract: Contract): string[] {
  const problems: string[] = [];
  const maxInput = intFlag(args, "--max-input-tokens", problems);
  const maxTotal = intFlag(args, "--max-total-tokens", problems);
  problems.push(...tokenLimitProblems(maxInput, maxTotal, contract));
  const stops = intFlag(args, "--max-stop-sequences", problems);
  if (stops !== undefined && stops < contract.stopSequences) {
    problems.push(`--max-stop-sequences ${stops} is below the ${contract.stopSequences} stop sequences the app sends`);
  }
  const batchTotal = intFlag(args, "--max-batch-total-tokens", problems, { optional: true });
  if (batchTotal !== undefined && maxTotal !== undefined && batchTotal < maxTotal) {
    problems.push(`--max-batch-total-tokens ${batchTotal} cannot hold one request of ${maxTotal} tokens`);
  }
  const prefill = intFlag(args, "--max-batch-prefill-tokens", problems, { optional: true });
  if (prefill !== undefined && maxInput !== undefined && prefill < maxInput) {
    problems.push(`--max-batch-prefill-tokens ${prefill} cannot prefill one prompt of ${maxInput} tokens`);
  }
  if (prefill !== undefined && batchTotal !== undefined && prefill > batchTotal) {
    problems.push(`--max-batch-prefill-tokens ${prefill} exceeds --max-batch-total-tokens ${batchTotal}`);
  }
  return problems;
}

export function checkVllm(raw: unknown, contract: Contract): string[] {
  return checkService(raw, contract, "vllm", (service, file) => {
    const problems: string[] = [];
    const args = service.command;
    imageTag(service.image, "vllm/vllm-openai", /^v\d+\.\d+\.\d+$/, problems);
    const model = args[0]?.startsWith("-") ? flag(args, "--model", problems) : args[0];
    if (model !== MODEL_ID) problems.push(`vLLM must serve ${MODEL_ID}, got ${model}`);
    const maxModelLen = intFlag(args, "--max-model-len", problems);
    if (maxModelLen !== undefined && maxModelLen !== contract.contextTokens) {
      problems.push(
        `--max-model-len ${maxModelLen} is not PhoGPT's context of ${contract.contextTokens} tokens, the budget the app assumes`,
      );
    }
    const names = flagList(args, "--served-model-name");
    if (!names.includes(contract.requestModel)) {
      problems.push(
        `--served-model-name must include "${contract.requestModel}", the model the app requests, got [${names.join(", ")}]`,
      );
    }
    const port = intFlag(args, "--port", problems);
    problems.push(...serverPortProblems(service, port, contract));
    problems.push(...healthProblems(service, port));
    problems.push(...gpuProblems(service));
    problems.push(...volumeProblems(file, service, "/root/.cache/huggingface", "the Hugging Face cache (weights)"));
    if (service.shm_size === undefined) problems.push("shm_size is not set (vLLM's workers need shared memory)");
    return problems;
  });
}

export function checkLlamaCpp(raw: unknown, contract: Contract): string[] {
  return checkService(raw, contract, "llama-cpp", (service, file) => {
    const problems: string[] = [];
    const args = service.command;
    imageTag(service.image, "ghcr.io/ggml-org/llama.cpp", /^server(-[a-z0-9]+)?-b\d+$/, problems);
    const repo = flag(args, "--hf-repo", problems);
    const weights = flag(args, "--hf-file", problems);
    if (repo !== GGUF_REPO || !weights?.endsWith(".gguf")) {
      problems.push(`the model must be a .gguf file from ${GGUF_REPO}, got ${repo} ${weights}`);
    }
    const context = intFlag(args, "--ctx-size", problems);
    const slots = intFlag(args, "--parallel", problems);
    if (context !== undefined && slots !== undefined && context !== slots * contract.contextTokens) {
      problems.push(
        `--ctx-size ${context} over --parallel ${slots} gives each request ${Math.floor(context / slots)} tokens, not PhoGPT's ${contract.contextTokens}`,
      );
    }
    const port = intFlag(args, "--port", problems);
    problems.push(...serverPortProblems(service, port, contract));
    problems.push(...healthProblems(service, port));
    problems.push(...volumeProblems(file, service, "/root/.cache", "the download cache (weights)"));
    return problems;
  });
}

// ---------------------------------------------------------------------------------------------------------------

type ServiceCheck = (service: Service, file: ComposeFile) => string[];

/**
 * Checks the API key on the file as written, then runs `check` on service `name` as Compose resolves it
 * (the key set, defaults for everything else).
 */
function checkService(raw: unknown, contract: Contract, name: string, check: ServiceCheck): string[] {
  const rawFile = composeSchema.safeParse(raw);
  if (!rawFile.success) return rawFile.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  const rawService = rawFile.data.services[name];
  if (!rawService) return [`there is no service "${name}" (other Compose files refer to it by that name)`];
  const keyProblems = apiKeyProblems(rawService.command, contract);

  let resolved: unknown;
  try {
    resolved = resolveCompose(raw, { [contract.apiKeyVariable]: "test-key" });
  } catch (error) {
    if (error instanceof InterpolationError) {
      return [...keyProblems, `Compose cannot interpolate the file: ${error.message}`];
    }
    throw error;
  }
  const file = composeSchema.safeParse(resolved);
  const service = file.data?.services[name];
  if (!file.success || !service)
    return [...keyProblems, `the interpolated file does not parse: ${file.error?.message}`];
  return [...keyProblems, ...check(service, file.data)];
}

/** The version tag of `repository:<tag>[@sha256:…]`; a problem unless the tag is an exact release. */
function imageTag(image: string, repository: string, release: RegExp, problems: string[]): string | undefined {
  const match = /^(?<name>[^@]+?)(?::(?<tag>[^:@/]+))?(?<digest>@sha256:[0-9a-f]{64})?$/.exec(image);
  const { name, tag, digest } = match?.groups ?? {};
  if (name !== repository) {
    problems.push(`the image must be ${repository}, got ${image}`);
    return undefined;
  }
  if (tag && release.test(tag)) return tag;
  problems.push(
    digest
      ? `the image ${image} is pinned by digest alone: name the release too (${repository}:<release>@sha256:…)`
      : `the image ${image} is not pinned to an exact release (${release.source})`,
  );
  return undefined;
}

function tokenLimitProblems(maxInput: number | undefined, maxTotal: number | undefined, contract: Contract): string[] {
  if (maxInput === undefined || maxTotal === undefined) return [];
  const problems: string[] = [];
  if (maxTotal > contract.contextTokens) {
    problems.push(`--max-total-tokens ${maxTotal} exceeds PhoGPT's context of ${contract.contextTokens} tokens`);
  }
  if (maxInput >= maxTotal) {
    problems.push(`--max-input-tokens ${maxInput} must be less than --max-total-tokens ${maxTotal}`);
  } else if (maxTotal - maxInput < contract.replyTokens) {
    problems.push(
      `--max-total-tokens − --max-input-tokens leaves ${maxTotal - maxInput} tokens for the reply; the app asks for ${contract.replyTokens}`,
    );
  }
  return problems;
}

function apiKeyProblems(rawArgs: string[], contract: Contract): string[] {
  const variable = contract.apiKeyVariable;
  const values = flagValues(rawArgs, "--api-key");
  const value = values.at(-1);
  if (value === undefined) return [`--api-key is missing: the app sends ${variable} and the server must check it`];
  if (!new RegExp(`^\\$\\{${variable}(:?[-?+][^}]*)?\\}$`).test(value)) {
    return [`--api-key must come from \${${variable}:?…} (the variable the app reads), got ${value}`];
  }
  if (!value.startsWith(`\${${variable}:?`)) {
    return [
      `--api-key must be required (\${${variable}:?…}) so the server refuses to start without a key, got ${value}`,
    ];
  }
  return [];
}

/** The server listens on --port inside the container, published on the app's default port. */
function serverPortProblems(service: Service, port: number | undefined, contract: Contract): string[] {
  if (port === undefined) return [];
  const mappings = service.ports.map(parsePort);
  const toServer = mappings.filter((mapping) => mapping.target === port);
  if (toServer.length === 0) {
    return [
      `no published port reaches container port ${port}, where the server listens (--port); got [${service.ports.join(", ")}]`,
    ];
  }
  if (!toServer.some((mapping) => mapping.published === contract.appPort)) {
    return [
      `container port ${port} should be published on ${contract.appPort}, the port of the app's default INFERENCE_URL`,
    ];
  }
  return [];
}

function healthProblems(service: Service, port: number | undefined): string[] {
  const check = service.healthcheck;
  if (!check || check.disable || check.test === undefined) return ["there is no health check"];
  const problems: string[] = [];
  const test = Array.isArray(check.test) ? check.test.join(" ") : check.test;
  const portPattern = port === 80 ? "(:80)?" : `:${port}`;
  if (!new RegExp(`//(127\\.0\\.0\\.1|localhost)${portPattern}/health\\b`).test(test)) {
    problems.push(`the health check must request /health on the server's port ${port}, got: ${test}`);
  }
  const startPeriod = durationSeconds(check.start_period ?? "0s");
  if (!(startPeriod >= MIN_START_PERIOD_SECONDS)) {
    problems.push(
      `the health check's start_period (${check.start_period ?? "unset"}) is too short for a first start that downloads the weights (at least 5m)`,
    );
  }
  return problems;
}

function gpuProblems(service: Service): string[] {
  const devices = service.deploy?.resources?.reservations?.devices ?? [];
  const gpu = devices.find((device) => device.driver === "nvidia" && device.capabilities.includes("gpu"));
  if (!gpu)
    return ["no NVIDIA GPU is reserved (deploy.resources.reservations.devices: driver nvidia, capabilities [gpu])"];
  const count = gpu.count ?? "all";
  if (count !== "all" && !(Number(count) >= 1)) return [`the GPU reservation's count must be at least 1, got ${count}`];
  return [];
}

function volumeProblems(file: ComposeFile, service: Service, target: string, what: string): string[] {
  const mount = service.volumes.map(parseVolume).find((volume) => volume.target === target);
  if (!mount) return [`no volume is mounted at ${target}, ${what}: every re-creation would download it again`];
  if (!mount.source) return [`the volume at ${target} is anonymous: name it so ${what} survives re-creation`];
  const isPath = /^[./~]/.test(mount.source);
  if (!isPath && !(mount.source in (file.volumes ?? {}))) {
    return [`the volume "${mount.source}" mounted at ${target} is not declared under the top-level volumes`];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------------------------

/** Every value given for `name` (`--name value` or `--name=value`). */
export function flagValues(args: string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((arg, i) => {
    if (arg === name) values.push(args[i + 1] ?? "");
    else if (arg.startsWith(`${name}=`)) values.push(arg.slice(name.length + 1));
  });
  return values;
}

/** A flag taking several values (`--served-model-name a b`): the arguments up to the next flag. */
function flagList(args: string[], name: string): string[] {
  const start = args.indexOf(name);
  if (start === -1) return [];
  const rest = args.slice(start + 1);
  const end = rest.findIndex((arg) => arg.startsWith("-"));
  return end === -1 ? rest : rest.slice(0, end);
}

function flag(args: string[], name: string, problems: string[]): string | undefined {
  const values = flagValues(args, name);
  if (values.length > 1) problems.push(`${name} is given more than once`);
  if (values.length === 0) problems.push(`${name} is missing`);
  return values.at(-1);
}

function intFlag(args: string[], name: string, problems: string[], { optional = false } = {}): number | undefined {
  const values = flagValues(args, name);
  if (values.length > 1) problems.push(`${name} is given more than once`);
  const value = values.at(-1);
  if (value === undefined) {
    if (!optional) problems.push(`${name} is missing`);
    return undefined;
  }
  if (!/^\d+$/.test(value)) {
    problems.push(`${name} must be a whole number, got "${value}"`);
    return undefined;
  }
  return Number(value);
}

/** Short (`[ip:]published:target[/protocol]`) or long port syntax. */
function parsePort(port: Service["ports"][number]): { published?: number; target: number } {
  if (typeof port !== "string") return port;
  const parts = port.replace(/\/(tcp|udp)$/, "").split(":");
  const target = Number(parts.at(-1));
  return parts.length > 1 ? { published: Number(parts.at(-2)), target } : { target };
}

function parseVolume(volume: Service["volumes"][number]): { source?: string; target: string } {
  if (typeof volume !== "string") return volume;
  const [first = "", second] = volume.split(":");
  return second === undefined ? { target: first } : { source: first, target: second };
}

/** Compose durations: `10m`, `1m30s`, `90s`, `1h`. */
export function durationSeconds(duration: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001 };
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|m|s)/g)];
  if (parts.map((part) => part[0]).join("") !== duration) return Number.NaN;
  return parts.reduce((total, [, amount = "0", unit = "s"]) => total + Number(amount) * (units[unit] ?? 0), 0);
}

function compareVersions(version: string, minimum: number[]): number {
  const parts = version.split(".").map(Number);
  for (let i = 0; i < minimum.length; i++) {
    const difference = (parts[i] ?? 0) - (minimum[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
