// The start of a reply (its reads and writes, the model call's set-up) is many pieces of work on
// the one thread that also relays every running reply's tokens. Each piece that waits here runs in
// a turn of the event loop of its own, one per turn, so tokens (read in each turn's I/O phase)
// wait behind at most one piece, however many replies start at once.
const waiting: (() => void)[] = [];
let scheduled = false;

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(releaseOne);
    }
  });
}

function releaseOne(): void {
  waiting.shift()?.();
  // Scheduled from the check phase: it runs in the next turn, after that turn's I/O.
  if (waiting.length > 0) setImmediate(releaseOne);
  else scheduled = false;
}
