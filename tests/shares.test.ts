// Share links on the real database (SQLite, or PostgreSQL with TEST_DATABASE=postgres): ids that
// cannot be guessed, a copy fixed at share time, revoking, owners only, and cascades.
import { randomUUID } from "node:crypto";
import { createClient } from "@libsql/client";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { deleteAccount } from "@/lib/accounts/account";
import { registerUser } from "@/lib/accounts/users";
import { everythingOfUser } from "@/lib/chat/export";
import {
  createSharedLink,
  isShareId,
  newShareId,
  revokeSharedLink,
  sharedConversation,
  sharedLinksForUser,
  sharedLinksOfThread,
  shareUrl,
} from "@/lib/chat/shares";
import { saveReplyOutcome, startUserTurn } from "@/lib/chat/turns";
import { db } from "@/lib/db";
import { routeLabel } from "@/lib/metrics";
import { rejection } from "./support/fixtures";

const PASSWORD = "mat-khau-an-toan";

async function newUser(name = "Lan") {
  return registerUser({ email: `${randomUUID()}@example.vn`, name, password: PASSWORD });
}

// A thread with one answered question; returns its id.
async function answeredThread(userId: string, question = "Thủ đô của Việt Nam là gì?", answer = "Hà Nội.") {
  const threadId = randomUUID();
  const job = await startUserTurn({ userId, threadId, text: question });
  await saveReplyOutcome(job.assistantMessageId, { content: answer, status: "complete", finishReason: "stop" });
  return threadId;
}

describe("share ids", () => {
  it("are 24 base64url characters (144 random bits), all different", () => {
    const ids = Array.from({ length: 2_000 }, newShareId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Every base64url symbol shows up across 48,000 characters of random ids: no fixed alphabet subset.
    expect(new Set(ids.join("")).size).toBe(64);
  });

  it("are recognised only in that exact form", () => {
    expect(isShareId(newShareId())).toBe(true);
    for (const bad of ["", "short", `${newShareId()}x`, "a".repeat(23) + "/", randomUUID(), "../../etc/passwd"]) {
      expect(isShareId(bad), bad).toBe(false);
    }
  });

  it("stay out of the metrics' route labels", () => {
    for (const id of Array.from({ length: 50 }, newShareId)) {
      expect(routeLabel(`/api/shares/${id}`)).toBe("/api/shares/:id");
    }
    expect(routeLabel("/api/account/password-reset/confirm")).toBe("/api/account/password-reset/confirm");
  });

  it("make absolute links under the request's origin", () => {
    expect(shareUrl("abc", "http://127.0.0.1:3000/api/threads/x/shares")).toBe("http://127.0.0.1:3000/s/abc");
  });
});

describe("share links", () => {
  it("copy the conversation as it is when shared; later messages stay out of the link", async () => {
    const user = await newUser();
    const threadId = await answeredThread(user.id);
    const link = await createSharedLink({ threadId, userId: user.id });
    expect(link).toMatchObject({ threadId, title: "Thủ đô của Việt Nam là gì?" });

    const later = await startUserTurn({ userId: user.id, threadId, text: "Còn Huế thì sao?" });
    await saveReplyOutcome(later.assistantMessageId, { content: "Cố đô.", status: "complete" });
    await db().thread.update({ where: { id: threadId }, data: { title: "Tên mới" } });

    const shared = await sharedConversation(link.id);
    expect(shared?.title).toBe("Thủ đô của Việt Nam là gì?");
    expect(shared?.createdAt.getTime()).toBe(link.createdAt.getTime());
    expect(shared?.messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ["user", "Thủ đô của Việt Nam là gì?", "complete"],
      ["assistant", "Hà Nội.", "complete"],
    ]);
    expect(Date.parse(shared?.messages[0]?.createdAt ?? "")).not.toBeNaN();

    // A second share is a new link with the conversation as it is by then; the first is unchanged.
    const second = await createSharedLink({ threadId, userId: user.id });
    expect(second.id).not.toBe(link.id);
    expect((await sharedConversation(second.id))?.messages).toHaveLength(4);
    expect((await sharedConversation(link.id))?.messages).toHaveLength(2);
  });

  it("refuse to share while a reply is being written, and keep stopped replies' text but not failed ones", async () => {
    const user = await newUser();
    const threadId = randomUUID();
    const first = await startUserTurn({ userId: user.id, threadId, text: "Câu một" });
    expect((await rejection(createSharedLink({ threadId, userId: user.id }))).code).toBe("conflict");
    await saveReplyOutcome(first.assistantMessageId, { content: "Nửa câu", status: "stopped" });
    const second = await startUserTurn({ userId: user.id, threadId, text: "Câu hai" });
    await saveReplyOutcome(second.assistantMessageId, { content: "", status: "failed", errorCode: "model_error" });

    const link = await createSharedLink({ threadId, userId: user.id });
    const shared = await sharedConversation(link.id);
    expect(shared?.messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ["user", "Câu một", "complete"],
      ["assistant", "Nửa câu", "stopped"],
      ["user", "Câu hai", "complete"],
    ]);
  });

  it("are listed for their owner only, newest first", async () => {
    const owner = await newUser("Owner");
    const other = await newUser("Other");
    const a = await answeredThread(owner.id, "Thread A");
    const b = await answeredThread(owner.id, "Thread B");
    const first = await createSharedLink({ threadId: a, userId: owner.id });
    const second = await createSharedLink({ threadId: b, userId: owner.id });
    await db().sharedLink.update({ where: { id: first.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const listed = await sharedLinksForUser({ userId: owner.id });
    expect(listed.map((link) => [link.id, link.title, link.threadId])).toEqual([
      [second.id, "Thread B", b],
      [first.id, "Thread A", a],
    ]);
    expect(JSON.stringify(listed)).not.toContain("snapshot");
    expect(await sharedLinksForUser({ userId: other.id })).toEqual([]);
    expect((await sharedLinksOfThread({ threadId: b, userId: owner.id })).map((link) => link.id)).toEqual([second.id]);
    expect((await rejection(sharedLinksOfThread({ threadId: b, userId: other.id }))).code).toBe("not_found");
  });

  it("stop working once revoked, and a revoked link cannot be revoked again", async () => {
    const user = await newUser();
    const threadId = await answeredThread(user.id);
    const link = await createSharedLink({ threadId, userId: user.id });
    await revokeSharedLink({ shareId: link.id, userId: user.id });
    expect(await sharedConversation(link.id)).toBeNull();
    expect(await sharedLinksForUser({ userId: user.id })).toEqual([]);
    expect((await rejection(revokeSharedLink({ shareId: link.id, userId: user.id }))).code).toBe("not_found");
  });

  it("answer not_found to another user, for sharing their thread and for revoking their link", async () => {
    const owner = await newUser("Owner");
    const intruder = await newUser("Intruder");
    const threadId = await answeredThread(owner.id, "Bí mật");
    expect((await rejection(createSharedLink({ threadId, userId: intruder.id }))).code).toBe("not_found");
    expect((await rejection(createSharedLink({ threadId: randomUUID(), userId: owner.id }))).code).toBe("not_found");
    const link = await createSharedLink({ threadId, userId: owner.id });
    expect((await rejection(revokeSharedLink({ shareId: link.id, userId: intruder.id }))).code).toBe("not_found");
    expect((await rejection(revokeSharedLink({ shareId: "not-an-id", userId: owner.id }))).code).toBe("not_found");
    expect((await sharedConversation(link.id))?.title).toBe("Bí mật");
    expect(await sharedLinksForUser({ userId: intruder.id })).toEqual([]);
  });

  it("read nothing for unknown or malformed ids", async () => {
    expect(await sharedConversation(newShareId())).toBeNull();
    expect(await sharedConversation("' OR 1=1 --")).toBeNull();
  });

  it("go with their thread and with their owner's account", async () => {
    const user = await newUser();
    const kept = await answeredThread(user.id, "Giữ lại");
    const removed = await answeredThread(user.id, "Xóa đi");
    const keptLink = await createSharedLink({ threadId: kept, userId: user.id });
    const removedLink = await createSharedLink({ threadId: removed, userId: user.id });
    await db().thread.delete({ where: { id: removed } });
    expect(await sharedConversation(removedLink.id)).toBeNull();
    expect((await sharedLinksForUser({ userId: user.id })).map((link) => link.id)).toEqual([keptLink.id]);

    await deleteAccount({ userId: user.id, password: PASSWORD, ip: "127.0.0.1" });
    expect(await sharedConversation(keptLink.id)).toBeNull();
    expect(await db().sharedLink.count({ where: { userId: user.id } })).toBe(0);
  });

  it("are part of the owner's data export", async () => {
    const user = await newUser();
    const threadId = await answeredThread(user.id);
    const link = await createSharedLink({ threadId, userId: user.id });
    const exported = await everythingOfUser(user.id);
    expect(exported.shares).toEqual([
      { id: link.id, threadId, title: link.title, createdAt: link.createdAt.toISOString() },
    ]);
  });
});

describe("the list of a user's links", () => {
  // The SQL shape Prisma sends for sharedLinksForUser.
  const linksByOwner = `SELECT "id", "threadId", "title", "createdAt" FROM "SharedLink" WHERE "userId" = $1
    ORDER BY "createdAt" DESC, "id" DESC LIMIT 500`;

  it("is served by the (userId, createdAt, id) index without a sort", async () => {
    const url = process.env.DATABASE_URL ?? "";
    if (url.startsWith("file:")) {
      const database = createClient({ url });
      try {
        const rows = await database.execute({
          sql: `EXPLAIN QUERY PLAN ${linksByOwner.replace("$1", "?")}`,
          args: ["x"],
        });
        const plan = rows.rows.map((row) => String(row.detail)).join("\n");
        expect(plan).toMatch(
          /SEARCH SharedLink USING (COVERING )?INDEX SharedLink_userId_createdAt_id_idx \(userId=\?\)/,
        );
        expect(plan).not.toContain("TEMP B-TREE");
      } finally {
        database.close();
      }
      return;
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // Discourage scans and sorts: a Sort node would remain if no index served the order.
      await client.query("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off");
      const rows = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${linksByOwner.replace("$1", "'x'")}`);
      const plan = rows.rows.map((row) => row["QUERY PLAN"]).join("\n");
      expect(plan).toMatch(/Index Scan Backward using "SharedLink_userId_createdAt_id_idx"/);
      expect(plan).not.toMatch(/Sort/);
    } finally {
      await client.end();
    }
  });
});
