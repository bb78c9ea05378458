// The live reply speaks resumable-stream's protocol: the library's own reader must follow it from
// any point, through the in-memory bus (Redis carries the same messages between processes).
import { createResumableStreamContext } from "resumable-stream/generic";
import { describe, expect, it } from "vitest";
import { createMemoryBus, type Bus } from "./bus";
import { startLiveReply } from "./live-reply";

const PREFIX = "test:live";

function setup() {
  const bus = createMemoryBus();
  const published: string[] = [];
  const publish = bus.publisher.publish.bind(bus.publisher);
  const counted: Bus = {
    ...bus,
    publisher: {
      ...bus.publisher,
      publish: (channel, message) => {
        published.push(channel);
        return publish(channel, message);
      },
    },
  };
  const readers = createResumableStreamContext({
    waitUntil: null,
    keyPrefix: PREFIX,
    publisher: counted.publisher,
    subscriber: counted.subscriber,
  });
  return { bus: counted, readers, published };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function readToEnd(stream: ReadableStream<string>): Promise<string> {
  let text = "";
  for await (const piece of stream) text += piece;
  return text;
}

describe("a live reply", () => {
  it("gives a reader who joins late the whole reply, then every later piece, then the end", async () => {
    const { bus, readers } = setup();
    const reply = await startLiveReply(bus, { prefix: `${PREFIX}:rs`, streamId: "m1" });
    reply.write("data: 1\n\n");
    reply.write("data: 2\n\n");
    const stream = await readers.resumeExistingStream("m1");
    expect(stream).toBeInstanceOf(ReadableStream);
    const reading = readToEnd(stream as ReadableStream<string>);
    await turn();
    reply.write("data: 3\n\n");
    await turn();
    reply.write("data: 4\n\n");
    await reply.end();
    expect(await reading).toBe("data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n");
  });

  it("serves two readers at once, each from the start", async () => {
    const { bus, readers } = setup();
    const reply = await startLiveReply(bus, { prefix: `${PREFIX}:rs`, streamId: "m2" });
    reply.write("a");
    const first = readToEnd((await readers.resumeExistingStream("m2")) as ReadableStream<string>);
    await turn();
    reply.write("b");
    const second = readToEnd((await readers.resumeExistingStream("m2")) as ReadableStream<string>);
    await turn();
    reply.write("c");
    await reply.end();
    expect(await first).toBe("abc");
    expect(await second).toBe("abc");
  });

  it("publishes nothing while nobody follows it, and is over for readers once ended", async () => {
    const { bus, readers, published } = setup();
    const reply = await startLiveReply(bus, { prefix: `${PREFIX}:rs`, streamId: "m3" });
    for (let i = 0; i < 100; i++) reply.write(`data: ${i}\n\n`);
    await reply.end();
    expect(published).toEqual([]);
    expect(await readers.resumeExistingStream("m3")).toBeNull();
    expect(await readers.resumeExistingStream("never-started")).toBeUndefined();
  });
});
