// Test markers: `[[name]]` or `[[name=value]]` in the last question steer one reply.
// Only the last question counts, so a marker in the history does not fire again on later turns.

import { applyFaultSpec, type FaultOptions } from "./faults.ts";

export interface Markers {
  /** Reply length in tokens before EOS (exact, give or take a split character). */
  length: number | null;
  /** Tokens per second for this request; 0 = as fast as possible. */
  rate: number | null;
  /** Reply contains a fake `\n### Câu hỏi:` turn, as a model that runs on would. */
  echoStop: boolean;
  /** Reply contains raw HTML (img onerror, script) and Markdown. */
  html: boolean;
  /** Reply is exactly this text (after the leading space). */
  say: string | null;
  /** Per-request faults: drop, fail-before, fail-after=K, stall-after=K, close-after=K. */
  faults: FaultOptions;
  /** Every marker found, as written (for the request log). */
  found: string[];
  /** Markers that were not understood (typos show up in /emulator/state instead of silently doing nothing). */
  unknown: string[];
}

const MARKER = /\[\[([a-z-]+)(?:=([^\]]*))?\]\]/g;
const MAX_LENGTH = 20_000;
const REQUEST_FAULTS = new Set(["drop", "fail-before", "fail-after", "stall-after", "close-after"]);

export function parseMarkers(question: string): Markers {
  const markers: Markers = {
    length: null,
    rate: null,
    echoStop: false,
    html: false,
    say: null,
    faults: {},
    found: [],
    unknown: [],
  };
  for (const match of question.matchAll(MARKER)) {
    const [raw, name = "", value] = match;
    markers.found.push(raw);
    if (!applyMarker(markers, name, value)) markers.unknown.push(raw);
  }
  return markers;
}

function applyMarker(markers: Markers, name: string, value: string | undefined): boolean {
  switch (name) {
    case "len": {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) return false;
      markers.length = Math.min(n, MAX_LENGTH);
      return true;
    }
    case "rate": {
      const n = Number(value);
      if (value === undefined || !Number.isFinite(n) || n < 0) return false;
      markers.rate = n;
      return true;
    }
    case "echo-stop":
      markers.echoStop = true;
      return true;
    case "html":
      markers.html = true;
      return true;
    case "say":
      if (value === undefined) return false;
      markers.say = value;
      return true;
    default:
      if (!REQUEST_FAULTS.has(name)) return false;
      try {
        applyFaultSpec(markers.faults, name, value);
        return true;
      } catch {
        // A malformed fault marker is reported through `unknown`, like any other typo.
        return false;
      }
  }
}

/** The question as a person wrote it: markers removed, whitespace collapsed. */
export function stripMarkers(question: string): string {
  return question.replace(MARKER, " ").replace(/\s+/g, " ").trim();
}
