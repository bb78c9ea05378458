import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Chat } from "@/components/chat/chat";
import { toChatMessages } from "@/components/chat/chat-message";
import { currentUser } from "@/lib/auth";
import { threadContextStart } from "@/lib/chat/context-start";
import { initialWindow } from "@/lib/chat/message-window";
import { threadIdSchema } from "@/lib/chat/schemas";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import { showBranchOfMessage } from "@/lib/chat/turns";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
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
  try {
    await showBranchOfMessage({ userId: user.id, threadId: threadId.data, messageId: found.messageId });
  } catch (error) {
    // A reply being generated pins the branch: the page then opens on the current branch.
    if (!(error instanceof AppError && error.code === "conflict")) throw error;
  }
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
