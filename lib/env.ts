import "server-only";
import { z } from "zod";

// All configuration is read here, validated once, and nowhere else reads process.env.

const url = (name: string) =>
  z.string().refine((value) => URL.canParse(value), { message: `${name} must be an absolute URL` });

const positiveInt = z.coerce.number().int().positive();

const flag = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

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
  // Replies one user may have generating at once, across all threads and instances.
  MAX_ACTIVE_REPLIES_PER_USER: positiveInt.default(2),
  // Room kept in the context for a reply: earlier turns are left out before it shrinks below this.
  CONTEXT_MIN_REPLY_TOKENS: positiveInt.default(256),
  // A generating reply not saved for this long is taken for abandoned by a dead process.
  REPLY_STALE_AFTER_MS: positiveInt.min(1_000).default(30_000),
  REDIS_URL: z
    .string()
    .refine((value) => /^rediss?:\/\//.test(value) && URL.canParse(value), {
      message: "REDIS_URL must be a redis:// or rediss:// URL",
    })
    .optional(),
  REDIS_KEY_PREFIX: z.string().min(1).default("phogpt"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Security (accounts, abuse limits, operator visibility).
  // Client IP from the rightmost X-Forwarded-For entry only behind a trusted reverse proxy.
  TRUST_PROXY: flag.default(false),
  RATE_LIMIT_SIGN_IN_PER_ACCOUNT: positiveInt.default(5),
  RATE_LIMIT_SIGN_IN_PER_IP: positiveInt.default(20),
  RATE_LIMIT_SIGN_IN_WINDOW_SECONDS: positiveInt.default(15 * 60),
  RATE_LIMIT_REGISTER_PER_IP: positiveInt.default(5),
  RATE_LIMIT_REGISTER_WINDOW_SECONDS: positiveInt.default(60 * 60),
  RATE_LIMIT_MESSAGES_PER_MINUTE: positiveInt.default(20),
  RATE_LIMIT_MESSAGES_PER_DAY: positiveInt.default(500),
  RATE_LIMIT_PASSWORD_RESET_PER_IP: positiveInt.default(5),
  RATE_LIMIT_SHARES_PER_HOUR: positiveInt.default(30),
  // Where the abuse-limit counters live: the database (default) or Redis (needs REDIS_URL).
  RATE_LIMIT_STORE: z.enum(["database", "redis"]).default("database"),
  // OpenID Connect sign-in, on when issuer, client id and secret are all set.
  OIDC_ISSUER: url("OIDC_ISSUER").optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).max(40).default("OpenID Connect"),
  // Password reset by email, offered only when SMTP_URL is set.
  SMTP_URL: z
    .string()
    .refine((value) => /^smtps?:\/\//.test(value) && URL.canParse(value), {
      message: "SMTP_URL must be an smtp:// or smtps:// URL",
    })
    .optional(),
  MAIL_FROM: z.string().min(3).default("PhoGPT Chat <no-reply@localhost>"),
  PASSWORD_RESET_TTL_MINUTES: positiveInt.max(24 * 60).default(30),
  // Bearer token for GET /api/metrics; the endpoint answers 404 while it is unset.
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
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
  if (env.NODE_ENV === "production" && env.SMTP_URL && !env.AUTH_URL) {
    throw new ConfigError(
      "Invalid configuration:\n  - AUTH_URL: required in production when SMTP_URL is set (reset links must not trust the Host header)",
    );
  }
  const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    throw new ConfigError(
      "Invalid configuration:\n  - OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: set all three to enable OpenID Connect, or none",
    );
  }
  return env;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
