// The abuse limits count in fixed windows (multiples of the window since the epoch). A test that
// fills a window with real time must not see it turn halfway: the count starts again.

/** Waits, when the current window of `windowMs` ends within `marginMs`, for the next one. */
export async function awayFromWindowEnd(windowMs: number, marginMs = 5_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
