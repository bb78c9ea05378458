import { describe, expect, it } from "vitest";
import { nextTurn } from "./loop-turns";

describe("nextTurn", () => {
  it("lets the waiting pieces go one per turn of the event loop, in the order they came", async () => {
    let turn = 0;
    let counting = true;
    const count = () => {
      turn++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const resumed: { piece: number; turn: number }[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map(async (piece) => {
        await nextTurn();
        resumed.push({ piece, turn });
      }),
    );
    counting = false;
    expect(resumed.map((r) => r.piece)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(resumed.map((r) => r.turn)).size).toBe(5);
  });

  it("lets the next turn's timers and I/O run between two pieces", async () => {
    const events: string[] = [];
    const first = nextTurn().then(() => {
      events.push("first piece");
      // A timer due during the first piece runs before the second piece, as a socket's data would.
      setTimeout(() => events.push("timer"), 0);
      const until = performance.now() + 5;
      while (performance.now() < until);
    });
    const second = nextTurn().then(() => events.push("second piece"));
    await Promise.all([first, second]);
    expect(events).toEqual(["first piece", "timer", "second piece"]);
  });
});
