// `npm install` runs this: generate the Prisma clients, create and migrate the
// configured database, and give development a persistent AUTH_SECRET.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, appendFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { providers, writeSchemas } from "./prisma-schemas.mjs";
import { backfillSearchText } from "./search-backfill.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const prismaBin = join(root, "node_modules", ".bin", "prisma");

export function loadEnvFiles() {
  for (const file of [".env.local", ".env"]) {
    const path = join(root, file);
    if (existsSync(path)) process.loadEnvFile(path);
  }
}

export function providerOf(url) {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: or postgres(ql)://, got "${url}"`);
}

function prisma(args, provider, databaseUrl) {
  const result = spawnSync(prismaBin, args, {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      PRISMA_PROVIDER: provider,
      DATABASE_URL: databaseUrl,
      PRISMA_SCHEMA_URL: databaseUrl,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  });
  if (result.status !== 0) {
    throw new Error(`prisma ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  }
}

export function generateClients() {
  writeSchemas();
  const fallback = { sqlite: "file:./data/phogpt-chat.db", postgres: "postgresql://localhost/phogpt" };
  for (const provider of Object.keys(providers)) {
    prisma(["generate", "--schema", `prisma/${provider}/schema.prisma`], provider, fallback[provider]);
  }
}

// `prisma migrate deploy` fails offline on PostgreSQL (prisma/orm#27403), and `db execute` +
// `migrate resolve` cost seconds each. This applies each pending migration in its own transaction
// and records it in Prisma's own `_prisma_migrations` table (same checksum), under Prisma's
// advisory lock, so `prisma migrate status` and a later `migrate deploy` see the same state.
const PRISMA_ADVISORY_LOCK = 72707369;

async function migratePostgres(databaseUrl) {
  const { default: pg } = await import("pg");
  const dir = join(root, "prisma", "postgres", "migrations");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    const pending = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !applied.has(entry.name))
      .map((entry) => entry.name)
      .sort();
    for (const name of pending) {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), createHash("sha256").update(sql).digest("hex"), name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${error.message}`);
      }
    }
    return pending.length;
  } finally {
    await client.end();
  }
}

export async function migrate(databaseUrl) {
  const provider = providerOf(databaseUrl);
  if (provider === "postgres") {
    const applied = await migratePostgres(databaseUrl);
    await backfillSearchText(databaseUrl, provider);
    return applied;
  }
  const file = resolve(root, databaseUrl.slice("file:".length).split("?")[0]);
  mkdirSync(dirname(file), { recursive: true });
  prisma(["migrate", "deploy"], "sqlite", `file:${file}`);
  await backfillSearchText(`file:${file}`, provider);
  return undefined;
}

function ensureDevelopmentSecret() {
  if (process.env.AUTH_SECRET || process.env.NODE_ENV === "production") return;
  const path = join(root, ".env.local");
  const secret = randomBytes(32).toString("base64url");
  const prefix = existsSync(path) && !readFileSync(path, "utf8").endsWith("\n") ? "\n" : "";
  appendFileSync(path, `${prefix}# Generated by npm run setup for development only.\nAUTH_SECRET=${secret}\n`);
  process.env.AUTH_SECRET = secret;
  console.warn("[setup] AUTH_SECRET was not set: generated one for development and saved it in .env.local.");
}

async function main() {
  loadEnvFiles();
  const only = process.argv[2];
  if (only !== "migrate") generateClients();
  if (only === "generate") return;
  ensureDevelopmentSecret();
  const databaseUrl = process.env.DATABASE_URL ?? "file:./data/phogpt-chat.db";
  await migrate(databaseUrl);
  console.log(`[setup] database ready (${providerOf(databaseUrl)})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`[setup] ${error.message}`);
    process.exit(1);
  });
}
