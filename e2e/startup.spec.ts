// The server refuses to start, naming the variable, when its configuration cannot work.
import { expect, test } from "@playwright/test";
import { runAppExpectingExit } from "./support/app-process";

const cases: [string, Record<string, string | undefined>, RegExp][] = [
  ["production without AUTH_SECRET", { AUTH_SECRET: "" }, /AUTH_SECRET/],
  ["an unparsable DATABASE_URL", { DATABASE_URL: "mysql://localhost/phogpt" }, /DATABASE_URL/],
  ["an unparsable INFERENCE_URL", { INFERENCE_URL: "not a url" }, /INFERENCE_URL/],
  ["an SQLite file on a read-only path", { DATABASE_URL: "file:/proc/phogpt/chat.db" }, /DATABASE_URL.*not writable/],
  [
    "an unreachable PostgreSQL server",
    { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/phogpt" },
    /DATABASE_URL\) is unreachable/,
  ],
];

for (const [name, env, message] of cases) {
  test(`refuses to start with ${name}`, async () => {
    const { code, output } = await runAppExpectingExit(env);
    expect(code).not.toBe(0);
    expect(output).toMatch(message);
  });
}
