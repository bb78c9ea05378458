import { connection } from "next/server";
import { Chat } from "@/components/chat/chat";
import { env } from "@/lib/env";

// A new chat: the thread id is chosen here and the thread is created by its first message.
export default async function NewChatPage() {
  await connection();
  const threadId = crypto.randomUUID();
  return <Chat key={threadId} threadId={threadId} initialMessages={[]} maxChars={env().MAX_MESSAGE_CHARS} />;
}
