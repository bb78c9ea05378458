import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Chat } from "@/components/chat/chat";
import { toChatMessages } from "@/components/chat/chat-message";
import { currentUser } from "@/lib/auth";
import { threadContextStart } from "@/lib/chat/context-start";
import { initialWindow } from "@/lib/chat/message-window";
import { threadIdSchema } from "@/lib/chat/schemas";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import { env } from "@/lib/env";

interface ThreadPageProps {
  params: Promise<{ threadId: string }>;
  // `?message=<id>` (a search result): open the thread at that message.
  searchParams: Promise<{ message?: string | string[] }>;
}

// Another user's thread and a thread that does not exist look the same: not found.
async function loadThread({ params }: ThreadPageProps) {
  const threadId = threadIdSchema.safeParse((await params).threadId);
  const user = await currentUser();
  if (!threadId.success || !user) return null;
  const thread = await threadWithMessagesForUser({ threadId: threadId.data, userId: user.id });
  return thread ? { thread, userId: user.id } : null;
}

export async function generateMetadata(props: ThreadPageProps): Promise<Metadata> {
  const loaded = await loadThread(props);
  return { title: loaded ? `${loaded.thread.title} · PhoGPT Chat` : "PhoGPT Chat" };
}

export default async function ThreadPage(props: ThreadPageProps) {
  const loaded = await loadThread(props);
  if (!loaded) notFound();
  const { thread, userId } = loaded;
  const contextStartId = await threadContextStart({ userId, threadId: thread.id, messages: thread.messages });
  const { message } = await props.searchParams;
  // Only the newest page (or the pages down from a linked message) is sent; older ones load on scroll.
  const shown = initialWindow(thread.messages, { focusId: typeof message === "string" ? message : undefined });
  return (
    <Chat
      key={thread.id}
      threadId={thread.id}
      title={thread.title}
      initialMessages={toChatMessages(shown.messages, contextStartId)}
      focusMessageId={shown.focusId}
      maxChars={env().MAX_MESSAGE_CHARS}
      threadExists
    />
  );
}
