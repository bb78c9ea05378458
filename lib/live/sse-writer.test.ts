import { JsonToSseTransformStream } from "ai";
import { describe, expect, it } from "vitest";
import { sseBody, sseEvent, type SseSink } from "./sse-writer";

interface Recorded extends SseSink {
  writes: string[];
  ended: Promise<unknown>;
}

function recordingSink(): Recorded {
  const writes: string[] = [];
  let settle: (error: unknown) => void = () => undefined;
  const ended = new Promise<unknown>((resolve) => (settle = resolve));
  return { writes, ended, write: (text) => void writes.push(text), end: (error) => settle(error ?? null) };
}

/** A source whose chunks the test pushes by hand, in the turns it chooses. */
function manualSource<T>() {
  let controller!: ReadableStreamDefaultController<T>;
  const stream = new ReadableStream<T>({ start: (c) => void (controller = c) });
  return { stream, controller };
}

// Two setImmediate hops: the test's own immediate may be queued before the writer's.
const nextTurn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

async function readAll(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const decoder = new TextDecoder();
  const reads: string[] = [];
  for await (const bytes of body) reads.push(decoder.decode(bytes));
  return reads;
}

function streamOf<T>(items: T[]): ReadableStream<T> {
  return new ReadableStream<T>({
    start(controller) {
      for (const item of items) controller.enqueue(item);
      controller.close();
    },
  });
}

const delta = (n: number) => ({ type: "text-delta", id: "0", delta: `t${n} ` });

describe("the reply's SSE body", () => {
  it("writes the same events as the AI SDK's JSON-to-SSE transform, then [DONE]", async () => {
    const chunks = [{ type: "start", messageId: "m1" }, delta(1), { type: "finish", finishReason: "stop" }];
    const reference = await Array.fromAsync(
      streamOf(chunks).pipeThrough(new JsonToSseTransformStream() as TransformStream<unknown, string>),
    );
    const sink = recordingSink();
    const reads = await readAll(sseBody(streamOf(chunks), sink));
    expect(reads.join("")).toBe(reference.join(""));
    expect(sink.writes.join("")).toBe(reference.join(""));
    expect(await sink.ended).toBeNull();
  });

  it("sends chunks that arrive in one turn as one write after the first, in order, none held to a later turn", async () => {
    const source = manualSource<object>();
    const sink = recordingSink();
    const body = sseBody(source.stream, sink);
    const reading = readAll(body);

    source.controller.enqueue(delta(1));
    source.controller.enqueue(delta(2));
    source.controller.enqueue(delta(3));
    await nextTurn();
    // The first went out at once; the two that followed it in the same turn went out together.
    expect(sink.writes).toEqual([sseEvent(delta(1)), sseEvent(delta(2)) + sseEvent(delta(3))]);

    source.controller.enqueue(delta(4));
    await nextTurn();
    source.controller.enqueue(delta(5));
    await nextTurn();
    // One chunk per turn: each written on its own, none waited for company.
    expect(sink.writes.slice(2)).toEqual([sseEvent(delta(4)), sseEvent(delta(5))]);

    source.controller.close();
    const reads = await reading;
    expect(reads).toEqual([...sink.writes]);
    expect(reads.join("")).toBe([1, 2, 3, 4, 5].map((n) => sseEvent(delta(n))).join("") + "data: [DONE]\n\n");
  });

  it("writes the first chunk of a turn before the turn ends", async () => {
    const source = manualSource<object>();
    const sink = recordingSink();
    sseBody(source.stream, sink);
    source.controller.enqueue(delta(1));
    // Microtasks only: no setImmediate, no timer has run yet.
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(sink.writes).toEqual([sseEvent(delta(1))]);
    source.controller.close();
    await sink.ended;
  });

  it("reads the reply to its end for the live copy when the response is cancelled", async () => {
    const source = manualSource<object>();
    const sink = recordingSink();
    const body = sseBody(source.stream, sink);
    const reader = body.getReader();
    source.controller.enqueue(delta(1));
    await reader.read();
    await reader.cancel();
    source.controller.enqueue(delta(2));
    await nextTurn();
    source.controller.enqueue(delta(3));
    source.controller.close();
    expect(await sink.ended).toBeNull();
    expect(sink.writes.join("")).toBe([1, 2, 3].map((n) => sseEvent(delta(n))).join("") + "data: [DONE]\n\n");
  });

  it("gives the sink what came before a failure, then fails the body and tells the sink", async () => {
    const source = manualSource<object>();
    const sink = recordingSink();
    const reader = sseBody(source.stream, sink).getReader();
    source.controller.enqueue(delta(1));
    source.controller.enqueue(delta(2));
    // Erroring a stream drops what it still queues: let both be read first.
    await nextTurn();
    const decoder = new TextDecoder();
    const read = [(await reader.read()).value, (await reader.read()).value].map((bytes) => decoder.decode(bytes));
    const failure = new Error("source broke");
    source.controller.error(failure);
    expect(await sink.ended).toBe(failure);
    expect(sink.writes.join("")).toBe(sseEvent(delta(1)) + sseEvent(delta(2)));
    expect(read.join("")).toBe(sink.writes.join(""));
    await expect(reader.read()).rejects.toBe(failure);
  });
});
