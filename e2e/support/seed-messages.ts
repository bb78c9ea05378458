// Writes messages straight into a private app's SQLite database (e2e/support/private-app.ts): a
// thread of a thousand messages in a second, where sending them would take minutes.
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "../../lib/generated/prisma-sqlite/client";

export interface SeededMessage {
  role: "user" | "assistant";
  content: string;
}

// Appends the messages to the end of an existing thread; returns their ids in order.
export async function appendMessages(databaseUrl: string, threadId: string, messages: SeededMessage[]) {
  const db = new PrismaClient({ adapter: new PrismaLibSQL({ url: databaseUrl }) });
  try {
    // The thread's current branch continues from its leaf: each message is the parent of the next.
    const thread = await db.thread.findUniqueOrThrow({ where: { id: threadId }, select: { currentLeafId: true } });
    const leaf = thread.currentLeafId
      ? await db.message.findUniqueOrThrow({
          where: { id: thread.currentLeafId },
          select: { id: true, position: true },
        })
      : null;
    const from = (leaf?.position ?? -1) + 1;
    const ids = messages.map(() => crypto.randomUUID());
    const rows = messages.map((message, index) => ({
      id: ids[index]!,
      threadId,
      parentId: index === 0 ? (leaf?.id ?? null) : ids[index - 1]!,
      position: from + index,
      role: message.role,
      content: message.content,
      status: "complete",
      finishReason: message.role === "assistant" ? "stop" : null,
    }));
    await db.message.createMany({ data: rows });
    await db.thread.update({ where: { id: threadId }, data: { currentLeafId: ids.at(-1) ?? leaf?.id ?? null } });
    return rows.map((row) => row.id);
  } finally {
    await db.$disconnect();
  }
}
