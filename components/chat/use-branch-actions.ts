"use client";
import { useCallback, useState } from "react";
import { notifyThreadsChanged } from "@/components/sidebar/threads-events";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/dictionaries";
import { toChatMessages, type ChatMessage, type StoredThreadBody } from "./chat-message";
import { describeErrorResponse } from "./chat-errors";
import type { BranchActions } from "./message-list";
import type { SyncResult } from "./use-server-reply";
import type { useThreadChat } from "./use-thread-chat";

type Refusal = { key: MessageKey; values?: Record<string, number>; status: number };
type ActionResult = { ok: true; text?: string } | ({ ok: false } & Refusal);

interface BranchActionsOptions {
  threadId: string;
  chat: Pick<
    ReturnType<typeof useThreadChat>,
    "messages" | "setMessages" | "regenerate" | "sendMessage" | "resetLastError"
  >;
  maxChars: number;
  // Restores the thread after a request the server refused before streaming, and says why.
  undoIfRejected: (before: ChatMessage[]) => boolean;
  server: { syncFromServer: () => Promise<SyncResult> };
  setNotice: (notice: string | undefined) => void;
  setDraft: (update: (current: string) => string) => void;
}

// What the thread's messages can do to its branches: switch versions, edit a question (a new
// branch), regenerate the last reply (a new version), undo the last exchange. Edit and
// Regenerate stream their reply like Send; switching and undo answer the thread as it now is.
export function useBranchActions({
  threadId,
  chat,
  maxChars,
  undoIfRejected,
  server,
  setNotice,
  setDraft,
}: BranchActionsOptions): { actions: BranchActions; composerFocus: number } {
  const { t } = useI18n();
  // Bumped to put the caret into the composer (after Undo gave it the question back).
  const [composerFocus, setComposerFocus] = useState(0);
  const { messages, setMessages, regenerate, sendMessage, resetLastError } = chat;
  const { syncFromServer } = server;

  const post = useCallback(
    async (action: "branch" | "undo", messageId: string): Promise<ActionResult> => {
      let response: Response;
      try {
        response = await fetch(`/api/threads/${threadId}/${action}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ messageId }),
        });
      } catch {
        return { ok: false, key: "error.network", status: 0 };
      }
      if (!response.ok) return { ok: false, status: response.status, ...describeErrorResponse(await response.text()) };
      const body = (await response.json()) as { text?: string; thread: StoredThreadBody };
      setMessages(toChatMessages(body.thread.messages, body.thread.contextStartId));
      return { ok: true, text: body.text };
    },
    [threadId, setMessages],
  );

  // The thread changed elsewhere (409, 404): show it as it now is.
  const report = (refusal: Refusal) => {
    if (refusal.status === 409 || refusal.status === 404) {
      void syncFromServer();
      setNotice(t("chat.branchChanged"));
    } else {
      setNotice(t(refusal.key, { max: maxChars, ...refusal.values }));
    }
  };

  const actions: BranchActions = {
    maxChars,
    onShowVersion: async (messageId) => {
      setNotice(undefined);
      const result = await post("branch", messageId);
      if (!result.ok) report(result);
    },
    onUndo: async (lastMessageId) => {
      setNotice(undefined);
      const result = await post("undo", lastMessageId);
      if (!result.ok) return report(result);
      notifyThreadsChanged();
      // The question goes back to the composer, ahead of anything already typed there.
      const text = result.text ?? "";
      setDraft((current) => (current.trim() ? `${text}\n\n${current}` : text));
      setComposerFocus((count) => count + 1);
    },
    onRegenerate: async (messageId) => {
      setNotice(undefined);
      const before = messages;
      resetLastError();
      await regenerate({ body: { regenerate: messageId } });
      undoIfRejected(before);
    },
    onEdit: async (messageId, text) => {
      const index = messages.findIndex((message) => message.id === messageId);
      if (index === -1) return;
      setNotice(undefined);
      const before = messages;
      resetLastError();
      // The edited question starts a new branch: what followed the old one leaves the view.
      setMessages(messages.slice(0, index));
      await sendMessage({ text }, { body: { edit: messageId } });
      undoIfRejected(before);
    },
  };
  return { actions, composerFocus };
}
