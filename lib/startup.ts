import "server-only";
import { accessSync, constants, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { db } from "@/lib/db";
import { ConfigError, env } from "@/lib/env";
import { interruptStaleReplies } from "@/lib/chat/stale-replies";

// Runs once per server process before it serves: refuse to start, with a message naming
// the variable, when the configuration or the database is not usable.

function sqliteFile(url: string): string {
  return resolve(/* turbopackIgnore: true */ url.slice("file:".length).split("?")[0] ?? "");
}

function checkSqlitePath(url: string): void {
  const file = sqliteFile(url);
  const target = existsSync(/* turbopackIgnore: true */ file) ? file : dirname(file);
  try {
    accessSync(target, constants.W_OK);
  } catch {
    throw new ConfigError(
      `Invalid configuration:\n  - DATABASE_URL: the SQLite file ${file} is not writable (read-only path?)`,
    );
  }
}

async function checkDatabase(url: string): Promise<void> {
  const where = url.startsWith("file:") ? sqliteFile(url) : new URL(url).host;
  try {
    await Promise.race([
      db().$queryRawUnsafe("SELECT 1"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out after 10 s")), 10_000).unref()),
    ]);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError(`Cannot start: the database at ${where} (DATABASE_URL) is unreachable: ${reason}`);
  }
  try {
    await db().user.count({ take: 1 });
  } catch {
    throw new ConfigError(
      `Cannot start: the database at ${where} (DATABASE_URL) has not been migrated. Run \`npm run db:migrate\` first.`,
    );
  }
}

try {
  const config = env();
  if (config.DATABASE_URL.startsWith("file:")) checkSqlitePath(config.DATABASE_URL);
  await checkDatabase(config.DATABASE_URL);
  await interruptStaleReplies("all");
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
