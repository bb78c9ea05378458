// Which stored messages a prompt is made of. Pure: shared by the chat path and the page's
// context divider.

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

interface HistoryMessage {
  role: "user" | "assistant";
  content: string;
  status: string;
}

// The messages the model sees: every user message, and every assistant reply that has text.
// A question whose reply failed stays out, with its missing answer, except the last one.
export function promptMessages<T extends HistoryMessage>(messages: readonly T[]): T[] {
  return messages.filter((message, index) => {
    if (message.role === "assistant") return message.content.length > 0;
    const next = messages[index + 1];
    const answered = next?.role === "assistant" && next.content.length > 0;
    return answered || index === messages.length - 1;
  });
}

export function historyForPrompt(messages: readonly HistoryMessage[]): ChatTurn[] {
  return promptMessages(messages).map(({ role, content }) => ({ role, content }));
}

/**
 * The messages of the prompt that produced the thread's last reply (the last question and what
 * came before it): what the page's context divider describes.
 */
export function lastReplyPromptMessages<T extends HistoryMessage>(messages: readonly T[]): T[] {
  const lastQuestion = messages.findLastIndex((message) => message.role === "user");
  return lastQuestion === -1 ? [] : promptMessages(messages.slice(0, lastQuestion + 1));
}
