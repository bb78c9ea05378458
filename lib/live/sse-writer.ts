// A reply's UI message chunks as the UI message stream's SSE wire format (`data: <json>\n\n` per
// chunk, `data: [DONE]\n\n` at the end: what the AI SDK's JsonToSseTransformStream writes), read
// by the server to the end whatever the tab does, with one copy of each piece of text for the live
// readers. It replaces createUIMessageStreamResponse's chain (JSON transform, tee, text encoder,
// and a second reader of the copy), which cost several stream hops and allocations per token.
//
// Writes are coalesced per turn of the event loop, never on a timer: the first event of a turn is
// written at once; events that follow it in the same turn (a model server that sent several tokens
// in one packet, or an app catching up) wait only for the end of that turn (setImmediate) and go
// out as one write. Each chunk stays its own SSE event: readers see the same events as before.

export interface SseSink {
  /** The SSE text, in order, as it is written to the response (each call one or more whole events). */
  write(text: string): void;
  /** The stream ended (`error` when reading the chunks failed); called once, after the last write. */
  end(error?: unknown): void;
}

const DONE_EVENT = "data: [DONE]\n\n";

const encoder = new TextEncoder();

export function sseEvent(chunk: unknown): string {
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/**
 * Reads `chunks` to the end, whether or not anyone reads the returned body (a reader that goes
 * away only stops the copy to it); `sink` gets everything the body gets, in the same writes.
 */
export function sseBody<Chunk>(chunks: AsyncIterable<Chunk>, sink: SseSink): ReadableStream<Uint8Array> {
  let body: ReadableStreamDefaultController<Uint8Array> | undefined;
  let bodyOpen = true;
  let pending = "";
  let turnStarted = false;

  const send = (text: string) => {
    sink.write(text);
    if (!bodyOpen || !body) return;
    try {
      body.enqueue(encoder.encode(text));
    } catch {
      // The response was cancelled meanwhile: the reply goes on for the live readers.
      bodyOpen = false;
    }
  };
  const endOfTurn = () => {
    turnStarted = false;
    if (pending === "") return;
    const text = pending;
    pending = "";
    send(text);
  };
  const write = (text: string) => {
    if (turnStarted) {
      pending += text;
      return;
    }
    turnStarted = true;
    setImmediate(endOfTurn);
    send(text);
  };
  const finish = (error?: unknown) => {
    endOfTurn();
    if (error === undefined) send(DONE_EVENT);
    sink.end(error);
    if (!bodyOpen || !body) return;
    bodyOpen = false;
    try {
      if (error === undefined) body.close();
      else body.error(error);
    } catch {
      // Cancelled meanwhile.
    }
  };

  const pump = async () => {
    try {
      for await (const chunk of chunks) write(sseEvent(chunk));
    } catch (error) {
      finish(error);
      return;
    }
    finish();
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      body = controller;
      void pump();
    },
    cancel() {
      bodyOpen = false;
    },
  });
}
