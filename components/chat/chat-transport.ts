import type { UIMessage } from "ai";

// The HTTP side of a chat: POST the request, and GET `<api>/<chatId>/stream` to follow a reply
// still being written (204: none). A refusal before streaming is a ChatRequestError with the
// server's JSON error body; a lost connection stays fetch's TypeError.

export class ChatRequestError extends Error {
  readonly statusCode: number;
  readonly responseBody: string;

  constructor(statusCode: number, responseBody: string) {
    super(`The chat request failed with ${statusCode}.`);
    this.name = "ChatRequestError";
    this.statusCode = statusCode;
    this.responseBody = responseBody;
  }
}

export type ChatTrigger = "submit-message" | "regenerate-message";

export interface SendMessagesOptions<Message extends UIMessage> {
  chatId: string;
  messages: Message[];
  trigger: ChatTrigger;
  messageId: string | undefined;
  body: Record<string, unknown> | undefined;
  abortSignal: AbortSignal;
}

interface ChatTransportOptions<Message extends UIMessage> {
  api: string;
  // The request body for a send or a regeneration (the messages are the client's copy).
  prepareSendMessagesRequest: (
    options: Omit<SendMessagesOptions<Message>, "chatId" | "abortSignal"> & { id: string },
  ) => { body: object };
}

async function streamOf(response: Response): Promise<ReadableStream<Uint8Array>> {
  if (!response.ok) throw new ChatRequestError(response.status, await response.text());
  if (!response.body) throw new ChatRequestError(response.status, "");
  return response.body;
}

export class ChatTransport<Message extends UIMessage> {
  private readonly options: ChatTransportOptions<Message>;

  constructor(options: ChatTransportOptions<Message>) {
    this.options = options;
  }

  async sendMessages({ chatId, abortSignal, ...request }: SendMessagesOptions<Message>) {
    const { body } = this.options.prepareSendMessagesRequest({ id: chatId, ...request });
    const response = await fetch(this.options.api, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: abortSignal,
    });
    return streamOf(response);
  }

  async reconnectToStream({ chatId, abortSignal }: { chatId: string; abortSignal: AbortSignal }) {
    const response = await fetch(`${this.options.api}/${encodeURIComponent(chatId)}/stream`, { signal: abortSignal });
    if (response.status === 204) return null;
    return streamOf(response);
  }
}
