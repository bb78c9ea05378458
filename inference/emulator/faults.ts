// Fault injection: what can go wrong, set per run (options, env, control route) or per request (markers).

import { z } from "zod";

export interface FaultSet {
  /** GET /health answers 503. */
  unhealthy: boolean;
  /** The listener is closed: new connections are refused (ECONNREFUSED). */
  refuseConnections: boolean;
  /** Every request outside /emulator/ has its socket destroyed without a response. */
  dropRequests: boolean;
  /** Generation fails before the first token (424 / in-stream `generation` error). */
  failBeforeFirstToken: boolean;
  /** Generation fails after this many tokens. */
  failAfterTokens: number | null;
  /** Generation stops sending after this many tokens and keeps the connection open. */
  stallAfterTokens: number | null;
  /** The socket is destroyed after this many tokens, without the final event. */
  closeAfterTokens: number | null;
}

export type FaultOptions = Partial<FaultSet>;

/** The subset that applies to one generation, after merging run faults with the request's markers. */
export type GenerationFaults = Pick<
  FaultSet,
  "failBeforeFirstToken" | "failAfterTokens" | "stallAfterTokens" | "closeAfterTokens"
>;

export const noFaults: FaultSet = {
  unhealthy: false,
  refuseConnections: false,
  dropRequests: false,
  failBeforeFirstToken: false,
  failAfterTokens: null,
  stallAfterTokens: null,
  closeAfterTokens: null,
};

const tokenCount = z.number().int().min(0).nullable();

/** Body of POST /emulator/faults (a complete fault set: omitted keys are cleared). */
export const faultBodySchema = z
  .object({
    unhealthy: z.boolean(),
    refuseConnections: z.boolean(),
    /** Only over HTTP: refuse for this long, then listen again (otherwise nobody could undo it). */
    refuseConnectionsMs: z.number().int().positive(),
    dropRequests: z.boolean(),
    failBeforeFirstToken: z.boolean(),
    failAfterTokens: tokenCount,
    stallAfterTokens: tokenCount,
    closeAfterTokens: tokenCount,
  })
  .partial()
  .strict();

export type FaultBody = z.infer<typeof faultBodySchema>;

/** Names shared by EMULATOR_FAULTS / --fault specs and the per-request markers. */
const specNames = {
  unhealthy: "unhealthy",
  refuse: "refuseConnections",
  drop: "dropRequests",
  "fail-before": "failBeforeFirstToken",
  "fail-after": "failAfterTokens",
  "stall-after": "stallAfterTokens",
  "close-after": "closeAfterTokens",
} as const satisfies Record<string, keyof FaultSet>;

export type FaultSpecName = keyof typeof specNames;

export function isFaultSpecName(name: string): name is FaultSpecName {
  return Object.hasOwn(specNames, name);
}

/** Applies one `name` or `name=value` spec item to `into`; throws on an unknown name or a bad count. */
export function applyFaultSpec(into: FaultOptions, name: string, value: string | undefined): void {
  if (!isFaultSpecName(name)) throw new Error(`unknown fault "${name}"`);
  const key = specNames[name];
  if (key === "failAfterTokens" || key === "stallAfterTokens" || key === "closeAfterTokens") {
    const count = Number(value);
    if (value === undefined || !Number.isInteger(count) || count < 0) {
      throw new Error(`fault "${name}" needs a token count, e.g. ${name}=3`);
    }
    into[key] = count;
    return;
  }
  if (value !== undefined) throw new Error(`fault "${name}" takes no value`);
  into[key] = true;
}

/** Parses "unhealthy,fail-after=3" (EMULATOR_FAULTS, --fault). */
export function parseFaultSpec(spec: string): FaultOptions {
  const faults: FaultOptions = {};
  for (const item of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name = "", value] = item.split("=", 2);
    applyFaultSpec(faults, name.trim(), value?.trim());
  }
  return faults;
}

export type FaultAction = "fail" | "stall" | "close";

/** What happens before emitting the next token, when `emitted` tokens have been sent. */
export function faultBeforeToken(faults: GenerationFaults, emitted: number): FaultAction | null {
  if (emitted === 0 && faults.failBeforeFirstToken) return "fail";
  if (faults.closeAfterTokens === emitted) return "close";
  if (faults.failAfterTokens === emitted) return "fail";
  if (faults.stallAfterTokens === emitted) return "stall";
  return null;
}
