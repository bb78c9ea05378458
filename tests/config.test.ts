import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_OPTIONS, withServerNodeOptions } from "../scripts/server-node-options.mjs";
import { ConfigError, parseEnv } from "@/lib/env";

describe("parseEnv", () => {
  it("applies the embedded defaults", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("file:./data/phogpt-chat.db");
    expect(env.INFERENCE_URL).toBe("http://127.0.0.1:8080");
    expect(env.MAX_MESSAGE_CHARS).toBe(16_000);
    expect(env.INFERENCE_API_KEY).toBeUndefined();
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ INFERENCE_API_KEY: "", DATABASE_URL: "" }).DATABASE_URL).toBe("file:./data/phogpt-chat.db");
  });

  it.each([
    [{ INFERENCE_URL: "not a url" }, "INFERENCE_URL"],
    [{ DATABASE_URL: "mysql://localhost/db" }, "DATABASE_URL"],
    [{ MAX_MESSAGE_CHARS: "-3" }, "MAX_MESSAGE_CHARS"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET"],
    [{ NODE_ENV: "production" }, "AUTH_SECRET"],
  ])("refuses %j with a message naming %s", (source, name) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(name);
  });

  it("accepts PostgreSQL URLs and a production secret", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      AUTH_SECRET: "x".repeat(40),
      DATABASE_URL: "postgresql://app@db:5432/phogpt",
    });
    expect(env.DATABASE_URL).toBe("postgresql://app@db:5432/phogpt");
  });
});

describe("the production server's Node options", () => {
  const root = path.join(import.meta.dirname, "..");
  const read = (file: string) => readFileSync(path.join(root, file), "utf8");

  it("are the same wherever the server starts", () => {
    const start = (JSON.parse(read("package.json")) as { scripts: { start: string } }).scripts.start;
    // The flag on node itself (no shell syntax for the environment, so it also runs on Windows).
    expect(start).toBe(`node ${SERVER_NODE_OPTIONS} node_modules/next/dist/bin/next start`);
    expect(read("Dockerfile")).toContain(`CMD ["node", "${SERVER_NODE_OPTIONS}", "server.js"]`);
    expect(withServerNodeOptions({ NODE_OPTIONS: "--trace-warnings" }).NODE_OPTIONS).toBe(
      `${SERVER_NODE_OPTIONS} --trace-warnings`,
    );
    expect(withServerNodeOptions({}).NODE_OPTIONS).toBe(SERVER_NODE_OPTIONS);
  });
});
