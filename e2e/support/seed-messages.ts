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
    const last = await db.message.findFirst({ where: { threadId }, orderBy: { position: "desc" } });
    const from = (last?.position ?? -1) + 1;
    const rows = messages.map((message, index) => ({
      id: crypto.randomUUID(),
      threadId,
      position: from + index,
      role: message.role,
      content: message.content,
      status: "complete",
      finishReason: message.role === "assistant" ? "stop" : null,
    }));
    await db.message.createMany({ data: rows });
    return rows.map((row) => row.id);
  } finally {
    await db.$disconnect();
  }
}
