import { describe, expect, it } from "vitest";
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
