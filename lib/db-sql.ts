import "server-only";
import { databaseProvider } from "@/lib/db";

// Parameters of a raw statement, for the few places where one statement replaces several of
// Prisma's queries (each of which Prisma compiles first). The SQL is the same on both databases
// but for placeholders ($n on PostgreSQL, ? on SQLite) and how a time is passed: SQLite keeps
// what the libsql adapter writes for a DateTime, ISO 8601 with "+00:00".
export interface SqlParameters {
  readonly values: unknown[];
  /** Adds a value; returns its placeholder. */
  add(value: unknown): string;
  /** Adds a time; returns its placeholder. */
  time(at: Date): string;
  /** Adds each value; returns their placeholders, comma-separated (an IN list). */
  list(values: readonly unknown[]): string;
}

export function sqlParameters(): SqlParameters {
  const sqlite = databaseProvider() === "sqlite";
  const values: unknown[] = [];
  const add = (value: unknown) => {
    values.push(value);
    return sqlite ? "?" : `$${values.length}`;
  };
  return {
    values,
    add,
    time: (at) => add(sqlite ? at.toISOString().replace("Z", "+00:00") : at),
    list: (items) => items.map(add).join(", "),
  };
}
