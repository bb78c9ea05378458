// Front end, in headless Chromium: the chat page's first-load JavaScript, a 1,000-message thread's
// render cost, and how busy the main thread is while a reply streams at 100 tokens/s.
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from "@playwright/test";
import { chromiumExecutable, DEBIAN_CHROMIUM, DEBIAN_HEADLESS_SHELL } from "../../e2e/support/chromium.ts";
import { SESSION_COOKIE } from "../lib/accounts.ts";
import { round } from "../lib/stats.ts";
import type { FrontendResults } from "../results-schema.ts";

const KB = 1024;
const MB = 1024 * 1024;

export interface FrontendPlan {
  longThreadId: string;
  longThreadMessages: number;
  streamTokens: number;
  streamRate: number;
}

async function launch(): Promise<Browser> {
  return chromium.launch({
    // The full browser, as users run it, where Debian has it.
    executablePath: chromiumExecutable([DEBIAN_CHROMIUM, DEBIAN_HEADLESS_SHELL]),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

async function signedInContext(browser: Browser, baseUrl: string, cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: "vi-VN", viewport: { width: 1280, height: 800 } });
  const value = cookie.slice(`${SESSION_COOKIE}=`.length);
  await context.addCookies([{ name: SESSION_COOKIE, value, url: baseUrl, httpOnly: true, sameSite: "Lax" }]);
  return context;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send("Performance.getMetrics");
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** Records long tasks (> 50 ms) from the start of the page, in the page itself. */
async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: { start: number; end: number }[] = [];
    (window as unknown as { __benchLongTasks: typeof tasks }).__benchLongTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        tasks.push({ start: entry.startTime, end: entry.startTime + entry.duration });
    }).observe({ type: "longtask", buffered: true });
  });
}

function longTasks(page: Page): Promise<{ start: number; end: number }[]> {
  return page.evaluate(
    () => (window as unknown as { __benchLongTasks: { start: number; end: number }[] }).__benchLongTasks,
  );
}

/** Every script the chat page loads until the network is idle, gzipped as a CDN would serve it. */
async function firstLoadJs(context: BrowserContext, baseUrl: string): Promise<FrontendResults["firstLoadJs"]> {
  const page = await context.newPage();
  const bodies: Promise<Buffer>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script" && response.ok()) bodies.push(response.body());
  });
  await page.goto(`${baseUrl}/`, { waitUntil: "networkidle" });
  const scripts = await Promise.all(bodies);
  await page.close();
  const raw = scripts.reduce((sum, body) => sum + body.length, 0);
  const gzip = scripts.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
  return { files: scripts.length, rawKb: round(raw / KB, 1), gzipKb: round(gzip / KB, 1) };
}

/** Waits until no long task has ended for `quietMs`; returns when the last one ended (page clock). */
async function settle(page: Page, quietMs = 1_000, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lastEnd = Math.max(0, ...(await longTasks(page)).map((t) => t.end));
    const now = await page.evaluate(() => performance.now());
    if (now - lastEnd >= quietMs || Date.now() > deadline) return lastEnd;
    await page.waitForTimeout(200);
  }
}

async function longThread(context: BrowserContext, baseUrl: string, plan: FrontendPlan) {
  const page = await context.newPage();
  await observeLongTasks(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const response = await page.goto(`${baseUrl}/c/${plan.longThreadId}`, { waitUntil: "load" });
  const htmlBytes = (await response?.body())?.length ?? 0;
  const lastLongTaskEnd = await settle(page);
  const nav = await page.evaluate(() => {
    const entry = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return { ttfb: entry.responseStart, dcl: entry.domContentLoadedEventEnd, load: entry.loadEventEnd };
  });
  const dom = await page.evaluate(() => ({
    elements: document.getElementsByTagName("*").length,
    articles: document.querySelectorAll("article").length,
  }));
  await cdp.send("HeapProfiler.collectGarbage");
  const m = await metrics(cdp);
  await page.close();
  return {
    messages: plan.longThreadMessages,
    renderedMessages: dom.articles,
    htmlKb: round(htmlBytes / KB, 1),
    ttfbMs: round(nav.ttfb, 1),
    domContentLoadedMs: round(nav.dcl, 1),
    loadMs: round(nav.load, 1),
    timeToRenderMs: round(Math.max(nav.load, lastLongTaskEnd), 1),
    domElements: dom.elements,
    domNodes: m.Nodes ?? 0,
    jsHeapUsedMb: round((m.JSHeapUsedSize ?? 0) / MB, 2),
  };
}

/** Sends a question in a new chat and measures the main thread while the reply streams in. */
async function streaming(context: BrowserContext, baseUrl: string, plan: FrontendPlan) {
  const page = await context.newPage();
  await observeLongTasks(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(`${baseUrl}/`, { waitUntil: "networkidle" });
  await settle(page, 500);
  const question = `Viết một bài văn dài về Hà Nội. [[len=${plan.streamTokens}]] [[rate=${plan.streamRate}]]`;
  await page.getByRole("textbox", { name: "Tin nhắn gửi PhoGPT" }).fill(question);
  const reply = page.waitForResponse((r) => r.url().endsWith("/api/chat") && r.request().method() === "POST");
  const before = await metrics(cdp);
  const startedAt = await page.evaluate(() => performance.now());
  await page.getByRole("button", { name: "Gửi", exact: true }).click();
  const response = await reply;
  await response.finished();
  await page.waitForTimeout(100); // the last token's render
  const after = await metrics(cdp);
  const endedAt = await page.evaluate(() => performance.now());
  const windowMs = endedAt - startedAt;
  const tasks = (await longTasks(page)).filter((t) => t.end > startedAt && t.start < endedAt);
  const longMs = tasks.reduce((sum, t) => sum + Math.min(t.end, endedAt) - Math.max(t.start, startedAt), 0);
  await page.close();
  return {
    tokens: plan.streamTokens,
    tokensPerSecond: plan.streamRate,
    windowMs: round(windowMs, 1),
    busyShare: round((((after.TaskDuration ?? 0) - (before.TaskDuration ?? 0)) * 1000) / windowMs),
    longTaskShare: round(longMs / windowMs),
    longTasks: tasks.length,
  };
}

export async function runFrontend(baseUrl: string, cookie: string, plan: FrontendPlan): Promise<FrontendResults> {
  const browser = await launch();
  try {
    const context = await signedInContext(browser, baseUrl, cookie);
    return {
      firstLoadJs: await firstLoadJs(context, baseUrl),
      longThread: await longThread(context, baseUrl, plan),
      streaming: await streaming(context, baseUrl, plan),
    };
  } finally {
    await browser.close();
  }
}
