-- Generation settings: a user's defaults and a thread's overrides, as validated JSON text.
-- AlterTable
ALTER TABLE "User" ADD COLUMN "generationSettings" TEXT;

-- AlterTable
ALTER TABLE "Thread" ADD COLUMN "generationSettings" TEXT;
