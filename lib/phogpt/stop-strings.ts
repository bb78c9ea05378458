// Streaming removal of stop strings. TGI keeps a matched stop string in the generated text and
// may deliver it split across several deltas, so any suffix of the text that could still become
// a stop string is held back until the next delta decides it.

export type StopFinish = "stop" | "length" | "eos";

export interface StopStringFilter {
  /** Feeds a delta; returns the text that is now safe to show (possibly ""). */
  push(delta: string): string;
  /**
   * Ends the text; returns the held-back tail to show. On "eos" the tail is real text and is
   * shown; on "stop" (the server matched a stop string) and "length" (cut mid-way, most likely
   * into the next turn's marker) a tail that could begin a stop string is dropped.
   */
  finish(reason: StopFinish): string;
  /** True once a stop string has been seen: everything from it on is discarded. */
  readonly stopped: boolean;
}

export function createStopStringFilter(stopStrings: readonly string[]): StopStringFilter {
  const stops = [...new Set(stopStrings.filter((s) => s.length > 0))];
  let held = "";
  let stopped = false;

  return {
    get stopped() {
      return stopped;
    },
    push(delta) {
      if (stopped || delta === "") return "";
      // Only the held tail plus the new delta can contain a new match: the text shown before
      // was already known not to start one.
      const text = held + delta;
      const cut = firstStopIndex(text, stops);
      if (cut !== -1) {
        stopped = true;
        held = "";
        return text.slice(0, cut);
      }
      const keep = longestStopPrefixSuffix(text, stops);
      held = text.slice(text.length - keep);
      return text.slice(0, text.length - keep);
    },
    finish(reason) {
      const tail = held;
      held = "";
      if (stopped || reason !== "eos") return "";
      stopped = true;
      return tail;
    },
  };
}

/**
 * Where to cut `text`, or -1: the start of the stop string that completes first, as a server
 * checking after every token would see it (on a tie, the longest one). Scanning the whole text
 * this way gives the same cut however the text was chunked.
 */
export function firstStopIndex(text: string, stops: readonly string[]): number {
  let bestEnd = Infinity;
  let bestStart = -1;
  for (const stop of stops) {
    const start = text.indexOf(stop);
    if (start === -1) continue;
    const end = start + stop.length;
    if (end < bestEnd || (end === bestEnd && start < bestStart)) {
      bestEnd = end;
      bestStart = start;
    }
  }
  return bestStart;
}

/** Length of the longest suffix of `text` that is a proper prefix of some stop string. */
export function longestStopPrefixSuffix(text: string, stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops) {
    const max = Math.min(stop.length - 1, text.length);
    for (let length = max; length > longest; length--) {
      if (text.endsWith(stop.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}
