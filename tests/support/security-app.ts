// An extra app process on its own SQLite database, for end-to-end tests that need a configuration
// of their own (low abuse limits, an https public URL, a loopback SMTP server or OpenID Provider).
import { startApp, type AppProcess } from "../../e2e/support/app-process";
import { createTestDatabase } from "./test-database.mjs";

export interface SecurityApp {
  app: AppProcess;
  databaseUrl: string;
  close(): Promise<void>;
}

export async function startSecurityApp(
  label: string,
  env: Record<string, string>,
  port?: number,
): Promise<SecurityApp> {
  const database = await createTestDatabase(label, "sqlite");
  try {
    const app = await startApp({ DATABASE_URL: database.url, ...env }, port);
    return {
      app,
      databaseUrl: database.url,
      async close() {
        await app.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

// One Set-Cookie header per cookie (fetch joins them otherwise).
export function setCookies(response: Response): string[] {
  return response.headers.getSetCookie();
}

// The last cookie of that name wins, as in a browser (the proxy and the handler may both set one).
export function cookieNamed(cookies: string[], name: string): string | undefined {
  return cookies.findLast((cookie) => cookie.startsWith(`${name}=`));
}
