"use client";
import type { ChatStatus, UIMessage } from "ai";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ChatTransport } from "./chat-transport";
import { readUiChunks, StreamedReply } from "./ui-message-stream";

// The part of the AI SDK's useChat this app uses (send, regenerate, resume, stop, with the same
// statuses and callbacks), without the SDK's client bundle and its schema library: the chat page's
// first load stays small. The server still speaks the SDK's UI message stream.

type MessagesUpdate<Message> = Message[] | ((messages: Message[]) => Message[]);

interface UseChatOptions<Message extends UIMessage> {
  id: string;
  messages?: Message[];
  transport: ChatTransport<Message>;
  // Milliseconds between re-renders while a reply streams in.
  throttle?: number;
  onError?: (error: Error) => void;
  onFinish?: (result: { message: Message; isAbort: boolean; isError: boolean }) => void;
}

interface RequestOptions {
  body?: Record<string, unknown>;
}

function newId(): string {
  return crypto.randomUUID();
}

// The messages and status, current (read by requests as they go) and rendered (messages at most
// every `throttle` ms while a reply streams in).
function useChatState<Message extends UIMessage>(initial: Message[], throttle: number) {
  const [messages, setShownMessages] = useState<Message[]>(initial);
  const [status, setStatusState] = useState<ChatStatus>("ready");
  const [error, setError] = useState<Error | undefined>(undefined);
  const current = useRef({ messages, status });
  const flushTimer = useRef<number | undefined>(undefined);

  const publish = useCallback(
    (next: Message[], immediately: boolean) => {
      current.current.messages = next;
      if (immediately || throttle <= 0) {
        window.clearTimeout(flushTimer.current);
        flushTimer.current = undefined;
        setShownMessages(next);
      } else if (flushTimer.current === undefined) {
        flushTimer.current = window.setTimeout(() => {
          flushTimer.current = undefined;
          setShownMessages(current.current.messages);
        }, throttle);
      }
    },
    [throttle],
  );
  useEffect(() => () => window.clearTimeout(flushTimer.current), []);

  const setStatus = useCallback((next: ChatStatus) => {
    current.current.status = next;
    setStatusState(next);
  }, []);

  const setMessages = useCallback(
    (update: MessagesUpdate<Message>) =>
      publish(typeof update === "function" ? update(current.current.messages) : update, true),
    [publish],
  );

  return { messages, status, error, setError, current, publish, setStatus, setMessages };
}

export function useChat<Message extends UIMessage>(options: UseChatOptions<Message>) {
  const { id, transport, throttle = 0 } = options;
  const callbacks = useRef(options);
  useEffect(() => {
    callbacks.current = options;
  });
  const [initial] = useState(() => options.messages ?? []);
  const { messages, status, error, setError, current, publish, setStatus, setMessages } = useChatState(
    initial,
    throttle,
  );
  const active = useRef<{ controller: AbortController; done: Promise<void> } | null>(null);

  // One request: its reply streams into the last message (continuing it when it is a reply).
  const run = useCallback(
    async (open: (signal: AbortSignal) => Promise<ReadableStream<Uint8Array> | null>) => {
      const controller = new AbortController();
      let finished = () => {};
      const request = { controller, done: new Promise<void>((resolve) => (finished = resolve)) };
      active.current = request;
      setError(undefined);
      setStatus("submitted");
      const last = current.current.messages.at(-1);
      const continued = last?.role === "assistant" ? last : undefined;
      const reply = new StreamedReply<Message>(continued, newId());
      let shown = continued !== undefined;
      let streamError: Error | undefined;
      let outcome: "done" | "abort" | "error" = "done";
      try {
        const body = await open(controller.signal);
        for await (const chunk of body ? readUiChunks(body) : []) {
          const { error: errorText } = reply.apply(chunk);
          if (errorText !== undefined) streamError = new Error(errorText);
          if (current.current.status === "submitted") setStatus("streaming");
          const before = current.current.messages;
          publish(shown ? [...before.slice(0, -1), reply.message] : [...before, reply.message], !shown);
          shown = true;
        }
        if (streamError) throw streamError;
        publish(current.current.messages, true);
        setStatus("ready");
      } catch (caught) {
        publish(current.current.messages, true);
        if (controller.signal.aborted) {
          outcome = "abort";
          setStatus("ready");
        } else {
          outcome = "error";
          const failure = caught instanceof Error ? caught : new Error(String(caught));
          callbacks.current.onError?.(failure);
          setError(failure);
          setStatus("error");
        }
      } finally {
        if (active.current === request) active.current = null;
        callbacks.current.onFinish?.({
          message: reply.message,
          isAbort: outcome === "abort",
          isError: outcome === "error",
        });
        finished();
      }
    },
    [current, publish, setStatus, setError],
  );

  const sendMessage = useCallback(
    async ({ text, messageId }: { text: string; messageId?: string }, request: RequestOptions = {}) => {
      const question = { id: messageId ?? newId(), role: "user", parts: [{ type: "text", text }] } as Message;
      const before = current.current.messages;
      // With a messageId, that message is replaced and what followed it dropped (an edit).
      const at = messageId === undefined ? -1 : before.findIndex((message) => message.id === messageId);
      publish([...(at === -1 ? before : before.slice(0, at)), question], true);
      await run((abortSignal) =>
        transport.sendMessages({
          chatId: id,
          messages: current.current.messages,
          trigger: "submit-message",
          messageId,
          body: request.body,
          abortSignal,
        }),
      );
    },
    [id, transport, current, publish, run],
  );

  // Generates the reply again: the given one (the last message by default) and everything after it.
  const regenerate = useCallback(
    async ({ messageId, body }: { messageId?: string } & RequestOptions = {}) => {
      const before = current.current.messages;
      const at = messageId === undefined ? before.length - 1 : before.findIndex((message) => message.id === messageId);
      if (at === -1) throw new Error(`message ${messageId} not found`);
      publish(before.slice(0, before[at]?.role === "assistant" ? at : at + 1), true);
      await run((abortSignal) =>
        transport.sendMessages({
          chatId: id,
          messages: current.current.messages,
          trigger: "regenerate-message",
          messageId,
          body,
          abortSignal,
        }),
      );
    },
    [id, transport, current, publish, run],
  );

  const resumeStream = useCallback(
    () => run((abortSignal) => transport.reconnectToStream({ chatId: id, abortSignal })),
    [id, transport, run],
  );

  // Disconnects from the reply (the server's Stop is use-server-reply's); resolves once settled.
  const stop = useCallback(async () => {
    const request = active.current;
    if (!request) return;
    request.controller.abort();
    await request.done;
  }, []);

  const clearError = useCallback(() => {
    if (current.current.status !== "error") return;
    setError(undefined);
    setStatus("ready");
  }, [current, setStatus, setError]);

  return { id, messages, setMessages, status, error, sendMessage, regenerate, resumeStream, stop, clearError };
}
