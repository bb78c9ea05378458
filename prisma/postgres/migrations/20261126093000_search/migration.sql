-- Search: each thread title and message text folded by the app (lowercase, no Vietnamese marks, đ → d;
-- lib/search/folding.ts), full-text indexed with the 'simple' configuration (no stemming, no stop words).
-- Existing rows are folded by the setup's backfill (scripts/search-backfill.mjs) right after migrating.
-- AlterTable
ALTER TABLE "Thread" ADD COLUMN "titleFolded" TEXT;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN "contentFolded" TEXT;

-- A user's titles are few: the owner's index finds them, this one serves title searches across many.
-- Queries must use exactly to_tsvector('simple', "titleFolded") to be served by it.
CREATE INDEX "Thread_titleFolded_search_idx" ON "Thread" USING GIN (to_tsvector('simple', "titleFolded"));

-- Messages are many: the owner goes inside the indexed vector, as the lexeme '~' || hex(userId) (no
-- word of a query can match it; query words are letters and digits), so one GIN lookup answers
-- "this user's messages with these words" without reading other users' matches. Not a Prisma field:
-- this trigger keeps it in step with "contentFolded" (and the thread's owner).
ALTER TABLE "Message" ADD COLUMN "searchVector" tsvector;

CREATE FUNCTION "Message_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."contentFolded" IS NULL THEN
    NEW."searchVector" := NULL;
  ELSE
    SELECT to_tsvector('simple', NEW."contentFolded")
           || array_to_tsvector(ARRAY['~' || encode(convert_to(t."userId", 'UTF8'), 'hex')])
      INTO NEW."searchVector"
      FROM "Thread" t WHERE t."id" = NEW."threadId";
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "Message_search_vector" BEFORE INSERT OR UPDATE OF "contentFolded", "threadId" ON "Message"
  FOR EACH ROW EXECUTE FUNCTION "Message_search_vector"();

CREATE INDEX "Message_searchVector_idx" ON "Message" USING GIN ("searchVector");
