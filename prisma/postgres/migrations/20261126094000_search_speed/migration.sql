-- Search speed: a common word matches tens of thousands of one user's messages, and the GIN index
-- can only hand them all over to be sorted by date for a page of 20. The owner beside the date in a
-- btree lets PostgreSQL walk the owner's messages newest first and stop once a page has matched
-- (lib/search/search.ts tries that over a bounded window first, then falls back to the GIN lookup).
-- Like "searchVector", not a Prisma field: the search trigger keeps it (every writer goes through it),
-- and a thread never changes owner.
ALTER TABLE "Message" ADD COLUMN "searchOwner" TEXT;

CREATE OR REPLACE FUNCTION "Message_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT t."userId" INTO NEW."searchOwner" FROM "Thread" t WHERE t."id" = NEW."threadId";
  IF NEW."contentFolded" IS NULL OR NEW."searchOwner" IS NULL THEN
    NEW."searchVector" := NULL;
  ELSE
    NEW."searchVector" := to_tsvector('simple', NEW."contentFolded")
      || array_to_tsvector(ARRAY['~' || encode(convert_to(NEW."searchOwner", 'UTF8'), 'hex')]);
  END IF;
  RETURN NEW;
END
$$;

-- Existing rows: the owner only (the trigger does not fire for this column, the vectors stay as they are).
UPDATE "Message" m SET "searchOwner" = t."userId" FROM "Thread" t WHERE t."id" = m."threadId";

CREATE INDEX "Message_searchOwner_createdAt_id_idx" ON "Message" ("searchOwner", "createdAt" DESC, "id" DESC);
