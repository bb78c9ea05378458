// A tab hidden and shown again, as a browser reports it: headless Chromium keeps every page visible,
// so the page's visibility is set and its visibilitychange event sent as a browser would.
import type { Page } from "@playwright/test";

export async function setTabVisibility(page: Page, state: "hidden" | "visible"): Promise<void> {
  await page.evaluate((visibility) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
    document.dispatchEvent(new Event("visibilitychange"));
  }, state);
}
