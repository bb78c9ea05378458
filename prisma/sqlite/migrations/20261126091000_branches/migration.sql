-- Conversation branches: a thread's messages form a tree (regenerated replies and edited questions
-- are siblings), and the thread remembers the last message of the branch it shows.
-- Existing threads become one branch each: a message's parent is the one before it, positions are
-- renumbered 0..n-1 (depth along the branch), the current leaf is the last message.
-- Columns are added in place (no table rebuild), so columns other migrations add to Message stay.

-- AlterTable
ALTER TABLE "Thread" ADD COLUMN "currentLeafId" TEXT;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN "parentId" TEXT REFERENCES "Message" ("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- DropIndex
DROP INDEX "Message_threadId_position_key";

-- Existing rows: one branch per thread, computed from the positions as they were before any update.
CREATE TEMP TABLE "_BranchOrder" AS
SELECT "m"."id" AS "id",
    (SELECT "p"."id" FROM "Message" AS "p" WHERE "p"."threadId" = "m"."threadId" AND "p"."position" < "m"."position" ORDER BY "p"."position" DESC LIMIT 1) AS "parentId",
    (SELECT COUNT(*) FROM "Message" AS "p" WHERE "p"."threadId" = "m"."threadId" AND "p"."position" < "m"."position") AS "depth"
FROM "Message" AS "m";

UPDATE "Message" SET
    "parentId" = (SELECT "o"."parentId" FROM "_BranchOrder" AS "o" WHERE "o"."id" = "Message"."id"),
    "position" = (SELECT "o"."depth" FROM "_BranchOrder" AS "o" WHERE "o"."id" = "Message"."id");

DROP TABLE "_BranchOrder";

UPDATE "Thread" SET "currentLeafId" = (
    SELECT "m"."id" FROM "Message" AS "m" WHERE "m"."threadId" = "Thread"."id" ORDER BY "m"."position" DESC LIMIT 1
);

-- CreateIndex
CREATE INDEX "Message_threadId_position_idx" ON "Message"("threadId", "position");

-- CreateIndex
CREATE INDEX "Message_parentId_idx" ON "Message"("parentId");
