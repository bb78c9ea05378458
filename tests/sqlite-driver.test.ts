// better-sqlite3 built against Node >= 24.19 headers aborts the process when V8 collects a
// prepared statement (RemoveEnvironmentCleanupHook asserts); the libSQL driver must survive it.
import { randomUUID } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { registerUser } from "@/lib/accounts/users";
import { threadsForUser } from "@/lib/chat/threads";

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
