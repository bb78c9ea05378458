// Threads with chosen last-activity times, written straight into a private app's SQLite database
// (e2e/support/private-app.ts): the API can only make threads active "now".
import { randomUUID } from "node:crypto";
import { createClient } from "@libsql/client";

export interface SeedThread {
  title: string;
  lastActivityAt: Date;
}

// How Prisma's SQLite adapter stores a DateTime (ISO 8601 with an explicit UTC offset).
const sqliteTime = (date: Date) => date.toISOString().replace("Z", "+00:00");

// Seeds the threads (each with one question and one answer) for the user with this email; returns their ids.
export async function seedThreads(databaseUrl: string, email: string, threads: SeedThread[]): Promise<string[]> {
  const database = createClient({ url: databaseUrl });
  try {
    const user = await database.execute({ sql: 'SELECT "id" FROM "User" WHERE "email" = ?', args: [email] });
    const userId = user.rows[0]?.id;
    if (typeof userId !== "string") throw new Error(`no user ${email}`);
    const ids = threads.map(() => randomUUID());
    const statements = threads.flatMap((thread, index) => {
      const id = ids[index] ?? "";
      const at = sqliteTime(thread.lastActivityAt);
      return [
        {
          sql: 'INSERT INTO "Thread" ("id", "userId", "title", "createdAt", "updatedAt", "lastActivityAt") VALUES (?, ?, ?, ?, ?, ?)',
          args: [id, userId, thread.title, at, at, at],
        },
        {
          sql: 'INSERT INTO "Message" ("id", "threadId", "position", "role", "content", "status", "createdAt", "updatedAt") VALUES (?, ?, 0, \'user\', ?, \'complete\', ?, ?)',
          args: [randomUUID(), id, `${thread.title}?`, at, at],
        },
        {
          sql: 'INSERT INTO "Message" ("id", "threadId", "position", "role", "content", "status", "createdAt", "updatedAt") VALUES (?, ?, 1, \'assistant\', ?, \'complete\', ?, ?)',
          args: [randomUUID(), id, `Trả lời: ${thread.title}.`, at, at],
        },
      ];
    });
    for (let start = 0; start < statements.length; start += 3000) {
      await database.batch(statements.slice(start, start + 3000), "write");
    }
    return ids;
  } finally {
    database.close();
  }
}
