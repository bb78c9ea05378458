-- Conversation branches: a thread's messages form a tree (regenerated replies and edited questions
-- are siblings), and the thread remembers the last message of the branch it shows.
-- Existing threads become one branch each: a message's parent is the one before it, positions are
-- renumbered 0..n-1 (depth along the branch), the current leaf is the last message.

-- AlterTable
ALTER TABLE "Thread" ADD COLUMN "currentLeafId" TEXT;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN "parentId" TEXT;

-- DropIndex
DROP INDEX "Message_threadId_position_key";

-- Existing rows: one branch per thread (the subqueries read the rows as they were before the update).
UPDATE "Message" AS "m" SET
    "parentId" = (SELECT "p"."id" FROM "Message" AS "p" WHERE "p"."threadId" = "m"."threadId" AND "p"."position" < "m"."position" ORDER BY "p"."position" DESC LIMIT 1),
    "position" = (SELECT COUNT(*) FROM "Message" AS "p" WHERE "p"."threadId" = "m"."threadId" AND "p"."position" < "m"."position");

UPDATE "Thread" SET "currentLeafId" = (
    SELECT "m"."id" FROM "Message" AS "m" WHERE "m"."threadId" = "Thread"."id" ORDER BY "m"."position" DESC LIMIT 1
);

-- CreateIndex
CREATE INDEX "Message_threadId_position_idx" ON "Message"("threadId", "position");

-- CreateIndex
CREATE INDEX "Message_parentId_idx" ON "Message"("parentId");

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;
