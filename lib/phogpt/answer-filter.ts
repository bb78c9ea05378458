import { createStopStringFilter, type StopFinish } from "./stop-strings";

// Turns the raw generated text into the answer shown and stored: stop strings removed (see
// stop-strings.ts) and, after a generation prompt, the single leading space the model emits
// after "Trả lời:" dropped, even when that space arrives as a delta of its own.

export interface AnswerFilter {
  push(delta: string): string;
  finish(reason: StopFinish): string;
  readonly stopped: boolean;
}

export function createAnswerFilter(options: {
  stopStrings: readonly string[];
  stripLeadingSpace: boolean;
}): AnswerFilter {
  const stops = createStopStringFilter(options.stopStrings);
  let leadingPending = options.stripLeadingSpace;

  const dropLeadingSpace = (text: string): string => {
    if (!leadingPending || text === "") return text;
    leadingPending = false;
    return text.startsWith(" ") ? text.slice(1) : text;
  };

  return {
    get stopped() {
      return stops.stopped;
    },
    push: (delta) => dropLeadingSpace(stops.push(delta)),
    finish: (reason) => dropLeadingSpace(stops.finish(reason)),
  };
}
