// A separate app process on its own SQLite database, with a browser page whose baseURL is that app,
// so the usual helpers (registerInBrowser, page.goto("/..."), page.request) work against it.
import type { Browser, Page } from "@playwright/test";
import { createTestDatabase } from "../../tests/support/test-database.mjs";
import { startApp, type AppProcess } from "./app-process";

export interface PrivateApp {
  app: AppProcess;
  // Its database, for tests that seed data no user could create quickly.
  databaseUrl: string;
  page: Page;
  close(): Promise<void>;
}

export async function openPrivateApp(
  browser: Browser,
  label: string,
  env: Record<string, string>,
): Promise<PrivateApp> {
  const database = await createTestDatabase(label, "sqlite");
  let app: AppProcess | undefined;
  try {
    app = await startApp({ DATABASE_URL: database.url, ...env });
    const context = await browser.newContext({ baseURL: app.url, locale: "vi-VN" });
    const started = app;
    return {
      app,
      databaseUrl: database.url,
      page: await context.newPage(),
      async close() {
        await context.close().catch(() => undefined);
        await started.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await app?.stop();
    await database.drop();
    throw error;
  }
}
