// The app keeps no state a second instance would need: sessions are JWTs signed with AUTH_SECRET,
// everything else lives in the database.
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { createTestDatabase } from "../tests/support/test-database.mjs";
import { registerAndSignIn } from "./support/accounts";
import { startApp } from "./support/app-process";

async function sessionEmail(baseURL: string, cookies: Awaited<ReturnType<typeof storage>>) {
  const context = await playwrightRequest.newContext({ baseURL, storageState: cookies });
  const session = (await (await context.get("/api/auth/session")).json()) as { user?: { email?: string } } | null;
  const threads = (await (await context.get("/api/threads")).json()) as { threads?: { id: string }[] };
  await context.dispose();
  return { email: session?.user?.email, threads: threads.threads?.map((thread) => thread.id) };
}

async function storage(context: Awaited<ReturnType<typeof playwrightRequest.newContext>>) {
  return context.storageState();
}

test("a session survives a server restart", async () => {
  const database = await createTestDatabase("restart", "sqlite");
  let app = await startApp({ DATABASE_URL: database.url });
  try {
    const client = await playwrightRequest.newContext({ baseURL: app.url });
    const user = await registerAndSignIn(client);
    const threadId = crypto.randomUUID();
    expect((await client.post("/api/chat", { data: { trigger: "submit", threadId, text: "Xin chào" } })).ok()).toBe(
      true,
    );
    const cookies = await storage(client);
    await client.dispose();

    const port = app.port;
    await app.stop();
    app = await startApp({ DATABASE_URL: database.url }, port);
    expect(await sessionEmail(app.url, cookies)).toEqual({ email: user.email, threads: [threadId] });
  } finally {
    await app.stop();
    await database.drop();
  }
});

test("two app instances on one PostgreSQL database share sessions and threads", async () => {
  const database = await createTestDatabase("instances", "postgres");
  const [first, second] = await Promise.all([
    startApp({ DATABASE_URL: database.url }),
    startApp({ DATABASE_URL: database.url }),
  ]);
  try {
    const client = await playwrightRequest.newContext({ baseURL: first.url });
    const user = await registerAndSignIn(client);
    const threadId = crypto.randomUUID();
    expect((await client.post("/api/chat", { data: { trigger: "submit", threadId, text: "Hai máy chủ" } })).ok()).toBe(
      true,
    );
    const cookies = await storage(client);
    await client.dispose();

    expect(await sessionEmail(second.url, cookies)).toEqual({ email: user.email, threads: [threadId] });
    const anonymous = await sessionEmail(second.url, { cookies: [], origins: [] });
    expect(anonymous.email).toBeUndefined();
  } finally {
    await Promise.all([first.stop(), second.stop()]);
    await database.drop();
  }
});
