import "server-only";
import type pg from "pg";
import type { SqlDatabase, SqlRunner } from "@/lib/db-sql";

/** Raw statements on a PostgreSQL pool (lib/db-sql.ts): the driver's rows, no Prisma on the way. */
export function pgStatements(pool: pg.Pool): SqlDatabase {
  const on = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    query: async <Row>(sql: string, values: readonly unknown[]) =>
      (await client.query(sql, values as unknown[])).rows as Row[],
    execute: async (sql: string, values: readonly unknown[]) =>
      (await client.query(sql, values as unknown[])).rowCount ?? 0,
  });
  return {
    ...on(pool),
    async transaction(work) {
      const client = await pool.connect();
      let broken: unknown;
      try {
        await client.query("BEGIN");
        const result = await work(on(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: unknown) => (broken = rollbackError));
        throw error;
      } finally {
        // A connection that could not even roll back is not handed out again.
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
  };
}
