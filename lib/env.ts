import "server-only";
import { z } from "zod";

// All configuration is read here, validated once, and nowhere else reads process.env.

const url = (name: string) =>
  z.string().refine((value) => URL.canParse(value), { message: `${name} must be an absolute URL` });

const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./data/phogpt-chat.db")
    .refine((value) => /^(file:|postgres(ql)?:\/\/)/.test(value), {
      message: "DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql://",
    }),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  INFERENCE_URL: url("INFERENCE_URL").default("http://127.0.0.1:8080"),
  INFERENCE_API_KEY: z.string().min(1).optional(),
  INFERENCE_TIMEOUT_MS: positiveInt.default(30_000),
  // Read by Auth.js itself; validated here so a typo fails at start-up.
  AUTH_URL: url("AUTH_URL").optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  MAX_MESSAGE_CHARS: positiveInt.default(16_000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const env = result.data;
  if (env.NODE_ENV === "production" && !env.AUTH_SECRET) {
    throw new ConfigError(
      "Invalid configuration:\n  - AUTH_SECRET: required in production (generate one with `openssl rand -base64 32`)",
    );
  }
  return env;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
