import "server-only";
import { rawSql } from "@/lib/db";
import { sqlParameters } from "@/lib/db-sql";
import { logger } from "@/lib/logger";

// The partial text of every reply this process is streaming, written together: one UPDATE a second
// per 32 of them instead of one per reply. Under load each Prisma statement costs ~2 ms of the one
// thread that also relays every token, and a hundred streams saving once a second each spent a
// quarter of it. A reply is written when its text changed, and at least every `touchMs` anyway (the
// heartbeat that tells a live reply from one whose process died, see stale-replies.ts). A reply
// that has ended is never overwritten: only rows still pending or streaming are updated, and the
// final save waits for a write in flight (forget()).

export interface ProgressSaves {
  /** Starts saving a reply's progress; its first write goes out at once (with the others starting now). */
  track(messageId: string, content: string): void;
  /** The reply's text so far. */
  update(messageId: string, content: string): void;
  /** Stops saving it; resolves once no write of it is in flight. */
  forget(messageId: string): Promise<void>;
}

interface Entry {
  content: string;
  dirty: boolean;
  writtenAt: number;
}

// Rows per statement. SQLite runs a statement on the event loop: 128 rows took ~9 ms (up to 18),
// during which no token of any stream moved; 32 take ~2 ms, and each statement waits for a turn of
// the loop of its own (lib/db.ts), so tokens move between statements.
const ROWS_PER_STATEMENT = 32;

export function createProgressSaves({ intervalMs, touchMs }: { intervalMs: number; touchMs: number }): ProgressSaves {
  const entries = new Map<string, Entry>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let soon = false;

  const due = (now: number) =>
    [...entries].filter(([, entry]) => entry.dirty || now - entry.writtenAt >= touchMs).map(([id]) => id);

  const flush = () => {
    soon = false;
    const now = Date.now();
    const ids = due(now);
    if (ids.length === 0) return;
    const rows = ids.map((id) => {
      const entry = entries.get(id) as Entry;
      entry.dirty = false;
      entry.writtenAt = now;
      return { id, content: entry.content };
    });
    writing = writing.then(() => writeProgress(rows, new Date(now)));
  };

  const ensureTimer = () => {
    if (timer || entries.size === 0) return;
    timer = setInterval(() => {
      if (entries.size === 0) {
        clearInterval(timer);
        timer = undefined;
        return;
      }
      flush();
    }, intervalMs);
    timer.unref();
  };

  return {
    track(messageId, content) {
      entries.set(messageId, { content, dirty: true, writtenAt: 0 });
      ensureTimer();
      // Replies that start in the same turn share their first write.
      if (!soon) {
        soon = true;
        setImmediate(flush);
      }
    },
    update(messageId, content) {
      const entry = entries.get(messageId);
      if (!entry) return;
      entry.content = content;
      entry.dirty = true;
    },
    async forget(messageId) {
      entries.delete(messageId);
      await writing;
    },
  };
}

async function writeProgress(rows: { id: string; content: string }[], at: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const slice = rows.slice(i, i + ROWS_PER_STATEMENT);
    try {
      await updateRows(slice, at);
    } catch (error) {
      logger.error("saving reply progress failed", { error, messages: slice.length });
    }
  }
}

// One statement for many rows: content by id, the same status and time for all.
async function updateRows(rows: { id: string; content: string }[], at: Date): Promise<void> {
  const sql = sqlParameters();
  const cases = rows.map((row) => `WHEN ${sql.add(row.id)} THEN ${sql.add(row.content)}`).join(" ");
  const time = sql.time(at);
  const ids = sql.list(rows.map((row) => row.id));
  await rawSql().execute(
    `UPDATE "Message" SET "content" = CASE "id" ${cases} END, "status" = 'streaming', "tokenCount" = NULL, ` +
      `"updatedAt" = ${time} WHERE "id" IN (${ids}) AND "status" IN ('pending', 'streaming')`,
    sql.values,
  );
}
