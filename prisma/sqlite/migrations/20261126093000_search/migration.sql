-- Search: each thread title and message text folded by the app (lowercase, no Vietnamese marks, đ → d;
-- lib/search/folding.ts), full-text indexed per owner. FTS5 alone would not fold đ, hence the folded columns.
-- Existing rows are folded by the setup's backfill (scripts/search-backfill.mjs) right after migrating.
-- AlterTable
ALTER TABLE "Thread" ADD COLUMN "titleFolded" TEXT;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN "contentFolded" TEXT;

-- Contentless indexes keyed by the indexed row's rowid. `owner` holds hex(userId) as one token, so a
-- search is scoped to its user inside the index (other users' text never has to be read and dropped).
-- A migration that rebuilds "Thread" or "Message" must rebuild these too (rowids are not kept).
CREATE VIRTUAL TABLE "ThreadSearch" USING fts5(
  owner, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
CREATE VIRTUAL TABLE "MessageSearch" USING fts5(
  owner, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);

CREATE TRIGGER "Thread_search_insert" AFTER INSERT ON "Thread" WHEN NEW."titleFolded" IS NOT NULL BEGIN
  INSERT INTO "ThreadSearch" (rowid, owner, body) VALUES (NEW.rowid, hex(NEW."userId"), NEW."titleFolded");
END;
CREATE TRIGGER "Thread_search_update" AFTER UPDATE OF "titleFolded", "userId" ON "Thread" BEGIN
  DELETE FROM "ThreadSearch" WHERE rowid = OLD.rowid;
  INSERT INTO "ThreadSearch" (rowid, owner, body)
    SELECT NEW.rowid, hex(NEW."userId"), NEW."titleFolded" WHERE NEW."titleFolded" IS NOT NULL;
END;
CREATE TRIGGER "Thread_search_delete" AFTER DELETE ON "Thread" BEGIN
  DELETE FROM "ThreadSearch" WHERE rowid = OLD.rowid;
END;

CREATE TRIGGER "Message_search_insert" AFTER INSERT ON "Message" WHEN NEW."contentFolded" IS NOT NULL BEGIN
  INSERT INTO "MessageSearch" (rowid, owner, body)
    SELECT NEW.rowid, hex("Thread"."userId"), NEW."contentFolded" FROM "Thread" WHERE "Thread"."id" = NEW."threadId";
END;
CREATE TRIGGER "Message_search_update" AFTER UPDATE OF "contentFolded", "threadId" ON "Message" BEGIN
  DELETE FROM "MessageSearch" WHERE rowid = OLD.rowid;
  INSERT INTO "MessageSearch" (rowid, owner, body)
    SELECT NEW.rowid, hex("Thread"."userId"), NEW."contentFolded" FROM "Thread"
    WHERE "Thread"."id" = NEW."threadId" AND NEW."contentFolded" IS NOT NULL;
END;
CREATE TRIGGER "Message_search_delete" AFTER DELETE ON "Message" BEGIN
  DELETE FROM "MessageSearch" WHERE rowid = OLD.rowid;
END;
