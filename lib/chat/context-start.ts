import "server-only";
import { isAppError } from "@/lib/errors";
import { modelServerLimits } from "@/lib/model-server";
import { contextDeps, contextStartId, planReplyWindow, replyBudget, type ContextDeps } from "./context";
import { generationSettingsFor } from "./generation-settings";
import { lastReplyPromptMessages } from "./prompt-history";
import { countableTurns } from "./token-counts";

// Where the thread's context divider goes on a page load: the first message the model read for
// the last reply, from the stored token counts and the cached /info (the same fitting as the
// chat path, so it matches what the reply's stream said). A page waits for /info only briefly.

const PAGE_LIMITS_WAIT_MS = 500;

interface DividerMessage {
  id: string;
  role: "user" | "assistant";
  content: string;
  status: string;
  tokenCount: number | null;
}

export async function threadContextStart(
  { userId, threadId, messages }: { userId: string; threadId: string; messages: readonly DividerMessage[] },
  deps: ContextDeps = { ...contextDeps(), limits: () => modelServerLimits(PAGE_LIMITS_WAIT_MS) },
): Promise<string | null> {
  const turns = lastReplyPromptMessages(messages);
  if (turns.length === 0) return null;
  const limits = await deps.limits();
  const settings = await generationSettingsFor({ userId, threadId, maxTotalTokens: limits.maxTotalTokens });
  try {
    const budget = replyBudget(limits, settings, deps.minReplyTokens);
    return contextStartId(await planReplyWindow(countableTurns(turns), budget, deps.counter));
  } catch (error) {
    // The last question alone no longer fits (the server's limits shrank): nothing to divide.
    if (isAppError(error) && error.code === "context_too_long") return null;
    throw error;
  }
}
