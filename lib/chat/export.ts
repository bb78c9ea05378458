import "server-only";
import { db } from "@/lib/db";
import { translate, type Dictionary } from "@/lib/i18n/dictionaries";
import { fileNameFromTitle } from "@/lib/text/fold";
import { readCurrentBranch } from "./current-branch";
import type { StoredMessage, ThreadSummary } from "./threads";

// Exports carry the conversation as the user sees it: every message of its current branch, in order,
// with its role, time and status. Format names are versioned so importers can evolve.

type ExportedMessage = Pick<
  StoredMessage,
  "id" | "role" | "content" | "status" | "finishReason" | "errorCode" | "createdAt"
>;
type ExportedThread = ThreadSummary & { createdAt?: Date; messages: ExportedMessage[] };

export function threadAsJson(thread: ExportedThread) {
  return {
    id: thread.id,
    title: thread.title,
    createdAt: (thread.createdAt ?? thread.messages[0]?.createdAt ?? thread.lastActivityAt).toISOString(),
    lastActivityAt: thread.lastActivityAt.toISOString(),
    messages: thread.messages.map((message) => ({
      id: message.id,
      role: message.role,
      content: message.content,
      status: message.status,
      ...(message.finishReason ? { finishReason: message.finishReason } : {}),
      ...(message.errorCode ? { errorCode: message.errorCode } : {}),
      createdAt: message.createdAt.toISOString(),
    })),
  };
}

export function threadAsMarkdown(thread: ExportedThread, dictionary: Dictionary, exportedAt: Date): string {
  const t = (key: Parameters<typeof translate>[1], values?: Record<string, string>) =>
    translate(dictionary, key, values);
  const lines = [
    `# ${thread.title.replace(/\n/g, " ")}`,
    "",
    `_${t("export.exportedAt", { date: exportedAt.toISOString() })}_`,
    "",
  ];
  for (const message of thread.messages) {
    const author = message.role === "user" ? t("chat.role.user") : t("chat.role.assistant");
    const note =
      message.role === "assistant" && message.status !== "complete" ? ` (${t(`export.status.${message.status}`)})` : "";
    lines.push(`## ${author} · ${message.createdAt.toISOString()}${note}`, "", message.content, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

export function exportFileName(title: string, extension: "md" | "json"): string {
  return `${fileNameFromTitle(title)}.${extension}`;
}

// Content-Disposition with an ASCII name for old clients and the UTF-8 one for the rest.
export function attachment(fileName: string): string {
  return `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function everythingOfUser(userId: string) {
  const user = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, name: true, createdAt: true },
  });
  const threads = await db().thread.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, title: true, createdAt: true, lastActivityAt: true, currentLeafId: true },
  });
  // Each thread as the user sees it: its current branch.
  const exported = [];
  for (const { currentLeafId, ...thread } of threads) {
    const branch = await readCurrentBranch(db(), { threadId: thread.id, storedLeafId: currentLeafId });
    exported.push(threadAsJson({ ...thread, messages: branch.messages }));
  }
  const shares = await db().sharedLink.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, threadId: true, title: true, createdAt: true },
  });
  return {
    format: "phogpt-chat.account.v1",
    exportedAt: new Date().toISOString(),
    user: { ...user, createdAt: user.createdAt.toISOString() },
    threads: exported,
    // The user's share links (each a copy of a thread as it was when shared).
    shares: shares.map((share) => ({ ...share, createdAt: share.createdAt.toISOString() })),
  };
}
