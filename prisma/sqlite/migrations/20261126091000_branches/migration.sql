-- Conversation branches: a thread's messages form a tree (regenerated replies and edited questions
-- are siblings), and the thread remembers the last message of the branch it shows.
-- Existing threads become one branch each: a message's parent is the one before it, positions are
-- renumbered 0..n-1 (depth along the branch), the current leaf is the last message.

-- AlterTable
ALTER TABLE "Thread" ADD COLUMN "currentLeafId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "threadId" TEXT NOT NULL,
    "parentId" TEXT,
    "position" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'complete',
    "errorCode" TEXT,
    "finishReason" TEXT,
    "tokenCount" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Message_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "Thread" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Message_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Message" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Message" ("content", "createdAt", "errorCode", "finishReason", "id", "parentId", "position", "role", "status", "threadId", "tokenCount", "updatedAt")
SELECT "content", "createdAt", "errorCode", "finishReason", "id",
    (SELECT "p"."id" FROM "Message" AS "p" WHERE "p"."threadId" = "m"."threadId" AND "p"."position" < "m"."position" ORDER BY "p"."position" DESC LIMIT 1),
    (SELECT COUNT(*) FROM "Message" AS "p" WHERE "p"."threadId" = "m"."threadId" AND "p"."position" < "m"."position"),
    "role", "status", "threadId", "tokenCount", "updatedAt"
FROM "Message" AS "m"
ORDER BY "m"."threadId", "m"."position";
DROP TABLE "Message";
ALTER TABLE "new_Message" RENAME TO "Message";
CREATE INDEX "Message_threadId_position_idx" ON "Message"("threadId", "position");
CREATE INDEX "Message_parentId_idx" ON "Message"("parentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Each thread shows its only branch, up to its last message.
UPDATE "Thread" SET "currentLeafId" = (
    SELECT "m"."id" FROM "Message" AS "m" WHERE "m"."threadId" = "Thread"."id" ORDER BY "m"."position" DESC LIMIT 1
);
