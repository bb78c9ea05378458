import "server-only";
import { databaseProvider } from "@/lib/db";

// Raw statements, for the hot paths (every chat request's reads and writes, the reply's progress
// and end, search): Prisma compiles each of its queries, even a raw one, and maps every row, about
// 0.2 ms and 30 KB of garbage a statement under load (bench/README.md). These go to the driver on
// the Prisma client's own connection (SQLite) or pool (PostgreSQL), `rawSql()` in lib/db.ts.
//
// The SQL is the same on both databases but for placeholders ($n on PostgreSQL, ?n on SQLite) and
// how a time is passed: SQLite keeps what the libsql adapter writes for a DateTime, ISO 8601 with
// "+00:00". Rows come as the drivers return them: SQLite's integers and PostgreSQL's int4 as
// numbers, text as strings.

export interface SqlRunner {
  query<Row>(sql: string, values: readonly unknown[]): Promise<Row[]>;
  /** Returns the number of rows changed. */
  execute(sql: string, values: readonly unknown[]): Promise<number>;
}

export interface SqlDatabase extends SqlRunner {
  /** Runs `work` in one write transaction: committed once it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

/** A raw statement's values, added as its SQL is written. */
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
    // Numbered on both (?n is SQLite's form of $n): values may be added in any order.
    return sqlite ? `?${values.length}` : `$${values.length}`;
  };
  return {
    values,
    add,
    // Never a Date: the pg driver would write it in the process's time zone, and a timestamp column
    // without one keeps the local wall time (PostgreSQL ignores the offset of such an input).
    time: (at) => add(sqlite ? at.toISOString().replace("Z", "+00:00") : at.toISOString()),
    list: (items) => items.map(add).join(", "),
  };
}
