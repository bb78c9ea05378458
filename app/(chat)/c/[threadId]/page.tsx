import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Chat } from "@/components/chat/chat";
import { toChatMessages } from "@/components/chat/chat-message";
import { currentUser } from "@/lib/auth";
import { threadIdSchema } from "@/lib/chat/schemas";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import { env } from "@/lib/env";

interface ThreadPageProps {
  params: Promise<{ threadId: string }>;
}

// Another user's thread and a thread that does not exist look the same: not found.
async function loadThread({ params }: ThreadPageProps) {
  const threadId = threadIdSchema.safeParse((await params).threadId);
  const user = await currentUser();
  if (!threadId.success || !user) return null;
  return threadWithMessagesForUser({ threadId: threadId.data, userId: user.id });
}

export async function generateMetadata(props: ThreadPageProps): Promise<Metadata> {
  const thread = await loadThread(props);
  return { title: thread ? `${thread.title} · PhoGPT Chat` : "PhoGPT Chat" };
}

export default async function ThreadPage(props: ThreadPageProps) {
  const thread = await loadThread(props);
  if (!thread) notFound();
  return (
    <Chat
      key={thread.id}
      threadId={thread.id}
      title={thread.title}
      initialMessages={toChatMessages(thread.messages)}
      maxChars={env().MAX_MESSAGE_CHARS}
    />
  );
}
