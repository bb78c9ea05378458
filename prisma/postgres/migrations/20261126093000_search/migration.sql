-- Search: each thread title and message text folded by the app (lowercase, no Vietnamese marks, đ → d;
-- lib/search/folding.ts), full-text indexed with the 'simple' configuration (no stemming, no stop words).
-- Existing rows are folded by the setup's backfill (scripts/search-backfill.mjs) right after migrating.
-- AlterTable
ALTER TABLE "Thread" ADD COLUMN "titleFolded" TEXT;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN "contentFolded" TEXT;

-- Expression indexes: queries must use exactly to_tsvector('simple', <column>) to be served by them.
CREATE INDEX "Thread_titleFolded_search_idx" ON "Thread" USING GIN (to_tsvector('simple', "titleFolded"));
CREATE INDEX "Message_contentFolded_search_idx" ON "Message" USING GIN (to_tsvector('simple', "contentFolded"));
