// The PostgreSQL pool behind the Prisma client and the raw statements: connections the server ends
// (a restart, a failover, an administrator) are dropped and replaced, and the process lives on.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { rawSql } from "@/lib/db";
import { env } from "@/lib/env";

describe.runIf(!env().DATABASE_URL.startsWith("file:"))("the PostgreSQL pool", () => {
  it("survives the server ending its idle connections, before Prisma ever connected", async () => {
    // Only raw statements here: Prisma's adapter, once connected, listens to the pool's errors itself.
    const [before] = await rawSql().query<{ pid: number }>("SELECT pg_backend_pid() AS pid", []);
    const admin = new pg.Client({ connectionString: env().DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ ended: boolean }>(
        "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE pid = $1",
        [before?.pid],
      );
      expect(rows.map((row) => row.ended)).toEqual([true]);
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [after] = await rawSql().query<{ pid: number }>("SELECT pg_backend_pid() AS pid", []);
    expect(after?.pid).toBeGreaterThan(0);
    expect(after?.pid).not.toBe(before?.pid);
  });
});
