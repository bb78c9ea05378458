import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Chat } from "@/components/chat/chat";
import { toChatMessages } from "@/components/chat/chat-message";
import { currentUser } from "@/lib/auth";
import { threadContextStart } from "@/lib/chat/context-start";
import { threadIdSchema } from "@/lib/chat/schemas";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import { env } from "@/lib/env";
import { messageInThread } from "@/lib/search/open-message";

interface ThreadPageProps {
  params: Promise<{ threadId: string }>;
  // ?message=<id>: open the thread at this message (a search result's link).
  searchParams: Promise<{ message?: string | string[] }>;
}

// Another user's thread and a thread that does not exist look the same: not found.
async function loadThread({ params }: Pick<ThreadPageProps, "params">) {
  const threadId = threadIdSchema.safeParse((await params).threadId);
  const user = await currentUser();
  if (!threadId.success || !user) return null;
  const thread = await threadWithMessagesForUser({ threadId: threadId.data, userId: user.id });
  return thread ? { thread, userId: user.id } : null;
}

// TODO(lead): when the branching work is merged, replace this body with
// `await showBranchOfMessage({ userId, threadId, messageId })` from lib/chat/threads.ts, which makes the
// message part of the thread's current branch so the page below shows it. The id is already checked.
async function showBranchOfMessage({
  messageId,
}: {
  userId: string;
  threadId: string;
  messageId: string;
}): Promise<void> {
  void messageId;
}

// The requested message, if it is one of the user's thread's: its branch becomes the one shown.
// Any other id is dropped from the URL, so the page (and its scroll-to-message) never sees it;
// another user's thread answers 404 below, as without the parameter.
async function openAtMessage(props: ThreadPageProps): Promise<void> {
  const requested = (await props.searchParams).message;
  if (requested === undefined) return;
  const user = await currentUser();
  const threadId = threadIdSchema.safeParse((await props.params).threadId);
  if (!user || !threadId.success) return;
  const found = await messageInThread({ userId: user.id, threadId: threadId.data, messageId: requested });
  if (found.thread === "missing") return;
  if (!found.messageId) redirect(`/c/${threadId.data}`);
  await showBranchOfMessage({ userId: user.id, threadId: threadId.data, messageId: found.messageId });
}

export async function generateMetadata(props: ThreadPageProps): Promise<Metadata> {
  const loaded = await loadThread(props);
  return { title: loaded ? `${loaded.thread.title} · PhoGPT Chat` : "PhoGPT Chat" };
}

export default async function ThreadPage(props: ThreadPageProps) {
  await openAtMessage(props);
  const loaded = await loadThread(props);
  if (!loaded) notFound();
  const { thread, userId } = loaded;
  const contextStartId = await threadContextStart({ userId, threadId: thread.id, messages: thread.messages });
  return (
    <Chat
      key={thread.id}
      threadId={thread.id}
      title={thread.title}
      initialMessages={toChatMessages(thread.messages, contextStartId)}
      maxChars={env().MAX_MESSAGE_CHARS}
      threadExists
    />
  );
}
