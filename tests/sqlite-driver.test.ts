// better-sqlite3 built against Node >= 24.19 headers aborts the process when V8 collects a
// prepared statement (RemoveEnvironmentCleanupHook asserts); the libSQL driver must survive it.
import { randomUUID } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { registerUser } from "@/lib/accounts/users";
import { threadsForUser } from "@/lib/chat/threads";
import { db } from "@/lib/db";
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
