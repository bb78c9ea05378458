// The server-only factory: one model server built from the environment, /info cached.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@/inference/emulator/server";

let emulator: Emulator;
let factory: typeof import("./index");

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, tokensPerSecond: 0, apiKey: "key-from-env" });
  // lib/env.ts reads process.env once, on first use: set it before anything imports the factory.
  process.env.INFERENCE_URL = emulator.url;
  process.env.INFERENCE_API_KEY = "key-from-env";
  process.env.INFERENCE_TIMEOUT_MS = "5000";
  factory = await import("./index");
});

afterAll(async () => {
  await emulator?.close();
});

describe("modelServer / modelServerInfo", () => {
  it("builds one server from INFERENCE_URL and INFERENCE_API_KEY", async () => {
    const server = factory.modelServer();
    expect(factory.modelServer()).toBe(server);
    // /tokenize is behind the emulator's API key: this only works with the key from the environment.
    expect(await server.countTokens("Xin chào")).toBeGreaterThan(0);
  });

  it("caches /info: still answers after the server went away, while a direct request fails", async () => {
    const info = await factory.modelServerInfo();
    expect(info).toMatchObject({ modelId: "phogpt-4b-chat-emulator", maxTotalTokens: 8192, isEmulator: true });
    await emulator.close();
    await expect(factory.modelServer().info()).rejects.toMatchObject({ kind: "unreachable" });
    expect(await factory.modelServerInfo()).toBe(info);
  });
});
