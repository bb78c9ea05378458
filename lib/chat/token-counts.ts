import "server-only";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { fragmentTokenBound, turnFragment } from "@/lib/phogpt/turn-fragment";
import type { TokenCounter } from "./token-counter";
import type { ChatTurn } from "./prompt-history";

// Each message's token count (of its prompt fragment) is counted once and stored with it, so a
// thread is not counted again on every turn. Messages stored without one (older rows, a server
// without /tokenize, a reply whose count failed) are counted when a prompt first needs them.

export interface CountableTurn extends ChatTurn {
  /** The stored message, or null for a question not saved yet. */
  id: string | null;
  tokenCount: number | null;
}

export interface CountedTurn extends ChatTurn {
  id: string | null;
  /** Upper bound of the turn's tokens in a prompt: the server's count, else the UTF-8 length. */
  tokens: number;
  /** `tokens` is the server's count (worth storing). */
  exact: boolean;
}

const PARALLEL_COUNTS = 8;

export function countableTurns(
  messages: readonly (ChatTurn & { id: string; tokenCount: number | null })[],
): CountableTurn[] {
  return messages.map(({ id, role, content, tokenCount }) => ({ id, role, content, tokenCount }));
}

/**
 * Gives every turn a token count: stored ones as they are; missing ones counted newest first, in
 * small parallel batches, until the counted turns hold more than `needed` tokens (older turns
 * cannot enter the window then) and given their UTF-8 bound beyond. New exact counts of stored
 * messages are saved.
 */
export async function countTurns(
  turns: readonly CountableTurn[],
  needed: number,
  counter: TokenCounter,
): Promise<CountedTurn[]> {
  const counted: (CountedTurn | undefined)[] = turns.map((turn) =>
    turn.tokenCount === null ? undefined : { ...baseTurn(turn), tokens: turn.tokenCount, exact: true },
  );
  let covered = 0;
  let next = turns.length - 1;
  while (next >= 0 && covered <= needed) {
    const batch: number[] = [];
    for (; next >= 0 && batch.length < PARALLEL_COUNTS && covered <= needed; next--) {
      const known = counted[next];
      if (known) covered += known.tokens;
      else batch.push(next);
    }
    const results = await Promise.all(batch.map((index) => countTurn(turns[index] as CountableTurn, counter)));
    results.forEach((result, i) => {
      counted[batch[i] as number] = result;
      covered += result.tokens;
    });
    await saveCounts(results);
  }
  return turns.map((turn, index) => counted[index] ?? boundedTurn(turn));
}

/** Every turn with its stored count, or else its upper bound (the UTF-8 length): no server asked. */
export function boundedTurns(turns: readonly CountableTurn[]): CountedTurn[] {
  return turns.map((turn) =>
    turn.tokenCount === null ? boundedTurn(turn) : { ...baseTurn(turn), tokens: turn.tokenCount, exact: true },
  );
}

function boundedTurn(turn: CountableTurn): CountedTurn {
  return { ...baseTurn(turn), tokens: fragmentTokenBound(turn), exact: false };
}

export async function countTurn(turn: CountableTurn, counter: TokenCounter): Promise<CountedTurn> {
  const exact = await counter.count(turnFragment(turn));
  return exact === null ? boundedTurn(turn) : { ...baseTurn(turn), tokens: exact, exact: true };
}

async function saveCounts(turns: readonly CountedTurn[]): Promise<void> {
  const saved = turns.filter((turn) => turn.exact && turn.id !== null);
  await Promise.all(
    saved.map((turn) =>
      // Only for the text that was counted: a reply continued meanwhile keeps no stale count.
      db()
        .message.updateMany({
          where: { id: turn.id as string, content: turn.content },
          data: { tokenCount: turn.tokens },
        })
        .catch((error: unknown) => logger.warn("saving a token count failed", { error, messageId: turn.id })),
    ),
  );
}

function baseTurn(turn: CountableTurn): Omit<CountedTurn, "tokens" | "exact"> {
  return { id: turn.id, role: turn.role, content: turn.content };
}
