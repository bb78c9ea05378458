// Which Chromium the browser tests and the bench's front-end figures run in: PLAYWRIGHT_CHROMIUM_EXECUTABLE
// when set, Playwright's own when the user has it installed (it cannot be downloaded offline), else
// Debian's, in the caller's order of preference.
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

// Package chromium-headless-shell: Chromium's old headless mode, which Playwright itself runs for
// headless tests; about a quarter less CPU per end-to-end run than the full browser on 2 cores.
export const DEBIAN_HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";
// Package chromium: the full browser, as users run it.
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export function chromiumExecutable(debianPreference: readonly string[]): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE) return process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (existsSync(chromium.executablePath())) return undefined;
  return debianPreference.find((path) => existsSync(path)) ?? debianPreference[0];
}
