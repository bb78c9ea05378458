// What tests can observe: concurrency slots in use and the last requests received.

export interface Permit {
  release(): void;
}

/** TGI's concurrency semaphore: try_acquire, never wait. */
export class Slots {
  private used = 0;
  private peakUsed = 0;
  private readonly capacity: number;
  private readonly idleWaiters = new Set<() => void>();

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get inFlight(): number {
    return this.used;
  }

  get peak(): number {
    return this.peakUsed;
  }

  tryAcquire(): Permit | null {
    if (this.used >= this.capacity) return null;
    this.used++;
    this.peakUsed = Math.max(this.peakUsed, this.used);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.used--;
        if (this.used === 0) for (const wake of this.idleWaiters) wake();
      },
    };
  }

  /** Resolves once nothing is in flight; rejects after `timeoutMs`. */
  waitForIdle(timeoutMs: number): Promise<void> {
    if (this.used === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.idleWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(() => {
        this.idleWaiters.delete(wake);
        reject(new Error(`still ${this.used} request(s) in flight after ${timeoutMs} ms`));
      }, timeoutMs);
      this.idleWaiters.add(wake);
    });
  }

  resetPeak(): void {
    this.peakUsed = this.used;
  }
}

export type RequestOutcome =
  "pending" | "finished" | "dropped" | "validation_error" | "overloaded" | "generation_error" | "closed" | "aborted";

export interface RequestRecord {
  /** 1, 2, 3... in order of arrival since the last reset. */
  seq: number;
  route: string;
  receivedAt: string;
  /** The prompt exactly as received (`inputs` or one `prompt` entry). */
  prompt: string;
  /** The request's parameters, as the route turned them into TGI's GenerateParameters. */
  parameters: Record<string, unknown>;
  questionCount: number;
  lastQuestion: string;
  markers: string[];
  unknownMarkers: string[];
  outcome: RequestOutcome;
  promptTokens: number | null;
  generatedTokens: number;
  finishReason: string | null;
  error: string | null;
  /** With `recordTokenTimes`: each generated token, in order. */
  sentTokens?: SentToken[];
}

/**
 * A generated token's text (empty for part of a character) and the epoch ms (sub-millisecond) at
 * which the route handed it on (a streaming route writes it then).
 */
export interface SentToken {
  text: string;
  at: number;
}

export class RequestLog {
  private records: RequestRecord[] = [];
  private nextSeq = 1;
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  add(
    record: Omit<
      RequestRecord,
      "seq" | "receivedAt" | "outcome" | "promptTokens" | "generatedTokens" | "finishReason" | "error"
    >,
  ): RequestRecord {
    const full: RequestRecord = {
      ...record,
      seq: this.nextSeq++,
      receivedAt: new Date().toISOString(),
      outcome: "pending",
      promptTokens: null,
      generatedTokens: 0,
      finishReason: null,
      error: null,
    };
    this.records.push(full);
    if (this.records.length > this.size) this.records.shift();
    return full;
  }

  list(): RequestRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  clear(): void {
    this.records = [];
    this.nextSeq = 1;
  }
}
