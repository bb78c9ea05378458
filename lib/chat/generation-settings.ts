import "server-only";
import { memoizedUserRow } from "@/lib/accounts/users";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  mergeSettings,
  VINAI_GENERATION_SETTINGS,
  type GenerationOverrides,
  type GenerationSettings,
} from "@/lib/phogpt/generation-settings";
import { parseStoredOverrides, serializeOverrides } from "./settings-schema";
import { memoizedThreadRow } from "./thread-row";

// A user's generation settings (defaults for all their threads) and each thread's overrides.
// Thread functions take the owner's id: another user's thread is not found (404).

export async function userGenerationOverrides(userId: string): Promise<GenerationOverrides> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { generationSettings: true } });
  return parseStoredOverrides(user?.generationSettings ?? null);
}

export async function saveUserGenerationOverrides(userId: string, overrides: GenerationOverrides): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { generationSettings: serializeOverrides(overrides) } });
}

export async function threadGenerationOverrides({
  threadId,
  userId,
}: {
  threadId: string;
  userId: string;
}): Promise<GenerationOverrides> {
  const thread = await db().thread.findFirst({ where: { id: threadId, userId }, select: { generationSettings: true } });
  if (!thread) throw new AppError("not_found", "No such thread.");
  return parseStoredOverrides(thread.generationSettings);
}

export async function saveThreadGenerationOverrides(
  { threadId, userId }: { threadId: string; userId: string },
  overrides: GenerationOverrides,
): Promise<void> {
  const { count } = await db().thread.updateMany({
    where: { id: threadId, userId },
    data: { generationSettings: serializeOverrides(overrides) },
  });
  if (count === 0) throw new AppError("not_found", "No such thread.");
}

/** The settings a reply in this thread uses: VinAI's, then the user's, then the thread's (which may not exist yet). */
export async function generationSettingsFor({
  userId,
  threadId,
  maxTotalTokens,
}: {
  userId: string;
  threadId: string;
  maxTotalTokens: number;
}): Promise<GenerationSettings> {
  const [user, row] = await Promise.all([memoizedUserRow(userId), memoizedThreadRow(threadId)]);
  const thread = row?.userId === userId ? row : null;
  return mergeSettings(
    VINAI_GENERATION_SETTINGS,
    [parseStoredOverrides(user?.generationSettings ?? null), parseStoredOverrides(thread?.generationSettings ?? null)],
    maxTotalTokens,
  );
}
