// Seeded history databases are expensive (a million messages): each is seeded once, kept, and copied
// for every run, since a run writes to it (sending messages). The cache key hashes everything that
// shapes the data: the data model, the provider's migrations, the seed spec and SEED_VERSION.
//   SQLite:     bench/.cache/history-sqlite-m<messages>-<key>.db, copied to a temporary file per run.
//   PostgreSQL: database phogpt_bench_seed_m<messages>_<key>, cloned per run with CREATE DATABASE … TEMPLATE.
// A new seed removes the same spec's originals under older keys.
import { createHash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createTestDatabase } from "../../tests/support/test-database.mjs";
import type { SeedSpec } from "./data.ts";
import { seedDatabase, type DatabaseKind } from "./seed.ts";

/** Bump when seed.ts or data.ts change what they write. */
const SEED_VERSION = 3;
const root = join(import.meta.dirname, "..", "..");
const cacheDir = join(root, "bench", ".cache");
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface SeededDatabase {
  kind: DatabaseKind;
  /** A private copy for this run. */
  url: string;
  /** True when the seeded original came from the cache. */
  cached: boolean;
  /** Seconds spent seeding (0 when cached). */
  seedSeconds: number;
  /** Seconds spent copying the seeded original for this run. */
  copySeconds: number;
  drop(): Promise<void>;
}

export function seedKey(kind: DatabaseKind, spec: SeedSpec): string {
  const hash = createHash("sha256");
  hash.update(`v${SEED_VERSION}\n${JSON.stringify(spec)}\n`);
  hash.update(readFileSync(join(root, "prisma", "models.prisma")));
  const migrations = join(root, "prisma", kind, "migrations");
  for (const name of readdirSync(migrations).sort()) {
    const file = join(migrations, name, "migration.sql");
    if (existsSync(file)) hash.update(`${name}\n`).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

/** A private, writable copy of the seeded database, seeding it first when the cache lacks it. */
export async function seededCopy(
  kind: DatabaseKind,
  spec: SeedSpec,
  log: (line: string) => void,
): Promise<SeededDatabase> {
  const { cached, seedSeconds } = await ensureSeeded(kind, spec, log);
  const copy = kind === "sqlite" ? await sqliteCopy(spec) : await postgresCopy(spec);
  return { ...copy, cached, seedSeconds };
}

/** Seeds the cached original unless it is there already. */
export async function ensureSeeded(
  kind: DatabaseKind,
  spec: SeedSpec,
  log: (line: string) => void,
): Promise<{ cached: boolean; seedSeconds: number }> {
  if (await isSeeded(kind, spec)) return { cached: true, seedSeconds: 0 };
  log(`seeding ${kind} (${spec.messages.toLocaleString("en")} messages): once per schema, then cached`);
  const started = performance.now();
  if (kind === "sqlite") await seedSqlite(spec);
  else await seedPostgres(spec);
  await pruneStale(kind, spec);
  return { cached: false, seedSeconds: (performance.now() - started) / 1000 };
}

export async function isSeeded(kind: DatabaseKind, spec: SeedSpec): Promise<boolean> {
  if (kind === "sqlite") return existsSync(sqliteOriginal(spec));
  const name = postgresOriginal(spec);
  return admin(async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1);
}

// The spec's size in the name, so that pruning replaces the full seed's stale originals, not the quick one.
const tag = (spec: SeedSpec) => `m${spec.messages}`;
const sqlitePrefix = (spec: SeedSpec) => `history-sqlite-${tag(spec)}-`;
const postgresPrefix = (spec: SeedSpec) => `phogpt_bench_seed_${tag(spec)}_`;
const sqliteOriginal = (spec: SeedSpec) => join(cacheDir, `${sqlitePrefix(spec)}${seedKey("sqlite", spec)}.db`);
const postgresOriginal = (spec: SeedSpec) => `${postgresPrefix(spec)}${seedKey("postgres", spec)}`;

/** After a new seed: originals of the same spec under an older key (an older schema) are dead weight. */
async function pruneStale(kind: DatabaseKind, spec: SeedSpec): Promise<void> {
  if (kind === "sqlite") {
    const keep = sqliteOriginal(spec);
    for (const name of readdirSync(cacheDir)) {
      const path = join(cacheDir, name);
      if (name.startsWith(sqlitePrefix(spec)) && name.endsWith(".db") && path !== keep) rmSync(path, { force: true });
    }
    return;
  }
  await admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [postgresPrefix(spec)],
    );
    for (const { datname } of rows) {
      if (datname !== postgresOriginal(spec)) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function seedSqlite(spec: SeedSpec): Promise<void> {
  const original = sqliteOriginal(spec);
  const fresh = await createTestDatabase("bench-seed", "sqlite");
  try {
    await seedDatabase("sqlite", fresh.url, spec);
    mkdirSync(cacheDir, { recursive: true });
    // Copy, then rename: only a complete seed ever carries the final name.
    const partial = `${original}.partial-${process.pid}`;
    copyFileSync(fresh.url.slice("file:".length), partial);
    renameSync(partial, original);
  } finally {
    await fresh.drop();
  }
}

async function seedPostgres(spec: SeedSpec): Promise<void> {
  const original = postgresOriginal(spec);
  const fresh = await createTestDatabase("bench_seed", "postgres");
  try {
    await seedDatabase("postgres", fresh.url, spec);
    const name = new URL(fresh.url).pathname.slice(1);
    await admin((c) => c.query(`ALTER DATABASE "${name}" RENAME TO "${original}"`));
  } catch (error) {
    await fresh.drop();
    // Another run seeded the same original meanwhile: theirs is as good as ours.
    if (!(await isSeeded("postgres", spec))) throw error;
  }
}

type Copy = Omit<SeededDatabase, "cached" | "seedSeconds">;

async function sqliteCopy(spec: SeedSpec): Promise<Copy> {
  const dir = mkdtempSync(join(tmpdir(), "phogpt-bench-history-"));
  const copy = join(dir, "history.db");
  const copySeconds = await timed(async () => copyFileSync(sqliteOriginal(spec), copy));
  return {
    kind: "sqlite",
    url: `file:${copy}`,
    copySeconds,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function postgresCopy(spec: SeedSpec): Promise<Copy> {
  const copy = `phogpt_bench_run_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const template = postgresOriginal(spec);
  const copySeconds = await timed(() =>
    admin(async (c) => void (await c.query(`CREATE DATABASE "${copy}" TEMPLATE "${template}"`))),
  );
  return {
    kind: "postgres",
    url: databaseUrl(copy),
    copySeconds,
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`))),
  };
}
