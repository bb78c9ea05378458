// better-sqlite3 built against Node >= 24.19 headers aborts the process when V8 collects a
// prepared statement (RemoveEnvironmentCleanupHook asserts); the libSQL driver must survive it.
import { randomUUID } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { registerUser } from "@/lib/accounts/users";
import { threadsForUser } from "@/lib/chat/threads";
import { db, rawSql } from "@/lib/db";
import { sqlParameters } from "@/lib/db-sql";
import { env } from "@/lib/env";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

describe("the database driver", () => {
  it("survives garbage collection of many prepared statements", async () => {
    const user = await registerUser({ email: `${randomUUID()}@example.vn`, name: "GC", password: "mat-khau-an-toan" });
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 400; i++) await threadsForUser({ userId: user.id, limit: (i % 50) + 1 });
      let garbage: object[] = [];
      for (let i = 0; i < 500_000; i++) {
        garbage.push({ i });
        if (garbage.length > 50_000) garbage = [];
      }
      collectGarbage();
    }
    expect(await threadsForUser({ userId: user.id })).toEqual([]);
  });
});

// Autocommit writes fsync'd three times each under SQLite's defaults and blocked the event loop
// (lib/db.ts); the one connection every statement runs on must stay tuned, transactions included.
describe.runIf(env().DATABASE_URL.startsWith("file:"))("the SQLite connection", () => {
  it("writes through a WAL with synchronous=NORMAL, before and after a transaction", async () => {
    const pragmas = async (client: Pick<ReturnType<typeof db>, "$queryRawUnsafe"> = db()) => {
      const [journal] = await client.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
      const [sync] = await client.$queryRawUnsafe<{ synchronous: number | bigint }[]>("PRAGMA synchronous");
      return { journal: journal?.journal_mode, synchronous: Number(sync?.synchronous) };
    };
    expect(await pragmas()).toEqual({ journal: "wal", synchronous: 1 });
    await db().$transaction(async (tx) => {
      await tx.user.count();
      expect(await pragmas(tx)).toEqual({ journal: "wal", synchronous: 1 });
    });
    await registerUser({ email: `${randomUUID()}@example.vn`, name: "WAL", password: "mat-khau-an-toan" });
    expect(await pragmas()).toEqual({ journal: "wal", synchronous: 1 });
  });

  it("starts each statement in a turn of the event loop of its own, so streams move between statements", async () => {
    await db().user.count();
    const order: string[] = [];
    setImmediate(() => order.push("other work"));
    await db().user.count();
    order.push("statement");
    expect(order).toEqual(["other work", "statement"]);
  });
});

// Raw statements (lib/db-sql.ts) and Prisma's share the connection (SQLite) or pool (PostgreSQL):
// a transaction of either must neither take the other's writes with it when it rolls back nor
// see them run inside it.
describe("raw statements beside the Prisma client", () => {
  const keysLike = async (prefix: string) =>
    (await db().rateLimit.findMany({ where: { key: { startsWith: prefix } }, orderBy: { key: "asc" } })).map(
      (row) => row.key,
    );
  const expiresAt = new Date(Date.now() + 60_000);
  const insertKey = (key: string) => {
    const sqlite = env().DATABASE_URL.startsWith("file:");
    const time = sqlite ? expiresAt.toISOString().replace("Z", "+00:00") : expiresAt.toISOString();
    return [
      `INSERT INTO "RateLimit" ("key", "count", "expiresAt") VALUES (${sqlite ? "?1, 1, ?2" : "$1, 1, $2"})`,
      [key, time],
    ] as const;
  };
  const pause = () => new Promise((resolve) => setTimeout(resolve, 30));
  // Inside a transaction: long enough for everything else waiting to try to run meanwhile.
  const briefly = () => new Promise((resolve) => setTimeout(resolve, 5));

  type Write = (key: string) => Promise<unknown>;
  const writers: Record<
    "raw" | "Prisma",
    { transaction(work: (write: Write) => Promise<void>): Promise<unknown>; write: Write }
  > = {
    raw: {
      transaction: (work) => rawSql().transaction((tx) => work((key) => tx.execute(...insertKey(key)))),
      write: (key) => rawSql().execute(...insertKey(key)),
    },
    Prisma: {
      transaction: (work) =>
        db().$transaction((tx) => work((key) => tx.rateLimit.create({ data: { key, count: 1, expiresAt } }))),
      write: (key) => db().rateLimit.create({ data: { key, count: 1, expiresAt } }),
    },
  };

  it.each([
    ["raw", "Prisma"],
    ["Prisma", "raw"],
  ] as const)("a rolled-back %s transaction keeps a %s write made meanwhile", async (inside, outside) => {
    const prefix = `${inside}-${randomUUID()}-`;
    let otherWrite: Promise<unknown> = Promise.resolve();
    const transaction = writers[inside].transaction(async (write) => {
      await write(`${prefix}a`);
      otherWrite = writers[outside].write(`${prefix}b`);
      await pause();
      throw new Error("rolled back");
    });
    await expect(transaction).rejects.toThrow("rolled back");
    await otherWrite;
    expect(await keysLike(prefix)).toEqual([`${prefix}b`]);
  });

  it("commits a raw transaction's writes together, and reads rows as the driver's numbers and strings", async () => {
    const prefix = `both-${randomUUID()}-`;
    await rawSql().transaction(async (tx) => {
      await tx.execute(...insertKey(`${prefix}a`));
      await tx.execute(...insertKey(`${prefix}b`));
    });
    const placeholder = env().DATABASE_URL.startsWith("file:") ? "?1" : "$1";
    const rows = await rawSql().query<{ key: string; count: number }>(
      `SELECT "key", "count" FROM "RateLimit" WHERE "key" LIKE ${placeholder} ORDER BY "key"`,
      [`${prefix}%`],
    );
    expect(rows.map(({ key, count }) => ({ key, count }))).toEqual([
      { key: `${prefix}a`, count: 1 },
      { key: `${prefix}b`, count: 1 },
    ]);
  });

  it("runs many transactions and statements of both at once, each whole", async () => {
    const prefix = `mixed-${randomUUID()}-`;
    const key = (i: number, part: string) => `${prefix}${String(i).padStart(3, "0")}${part}`;
    const work = Array.from({ length: 60 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return rawSql().transaction(async (tx) => {
            await tx.execute(...insertKey(key(i, "a")));
            await briefly();
            await tx.execute(...insertKey(key(i, "b")));
          });
        case 1:
          return db().$transaction(async (tx) => {
            await tx.rateLimit.create({ data: { key: key(i, "a"), count: 1, expiresAt } });
            await briefly();
            await tx.rateLimit.create({ data: { key: key(i, "b"), count: 1, expiresAt } });
          });
        case 2:
          return rawSql().execute(...insertKey(key(i, "a")));
        default:
          return db().rateLimit.create({ data: { key: key(i, "a"), count: 1, expiresAt } });
      }
    });
    await Promise.all(work);
    const expected = Array.from({ length: 60 }, (_, i) => (i % 4 < 2 ? [key(i, "a"), key(i, "b")] : [key(i, "a")]));
    expect(await keysLike(prefix)).toEqual(expected.flat());
  });

  it("writes times in UTC whatever the process's time zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "Asia/Ho_Chi_Minh";
    try {
      const key = `zone-${randomUUID()}`;
      const sql = sqlParameters();
      await rawSql().execute(
        `INSERT INTO "RateLimit" ("key", "count", "expiresAt") VALUES (${sql.add(key)}, 1, ${sql.time(expiresAt)})`,
        sql.values,
      );
      const row = await db().rateLimit.findUnique({ where: { key } });
      expect(row?.expiresAt.toISOString()).toBe(expiresAt.toISOString());
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
