// A uniquely named database for one test run: a temporary SQLite file, or a
// PostgreSQL database when TEST_DATABASE=postgres. Migrated like production; dropped afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { migrate } from "../../scripts/setup.mjs";

const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function defaultKind() {
  return process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
}

async function adminQuery(sql) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(label = "test", kind = defaultKind()) {
  if (kind === "postgres") {
    const name = `phogpt_${label}_${Date.now()}_${randomBytes(4).toString("hex")}`.toLowerCase();
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();
    await migrate(databaseUrl);
    return {
      kind,
      url: databaseUrl,
      drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `phogpt-${label}-`));
  const databaseUrl = `file:${join(dir, "test.db")}`;
  await migrate(databaseUrl);
  return { kind, url: databaseUrl, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
