import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable, DEBIAN_CHROMIUM, DEBIAN_HEADLESS_SHELL } from "./e2e/support/chromium";
import { e2eAppUrl, e2eEmulatorUrl, e2eEmulatorPort, e2eAppPort } from "./e2e/support/urls";

const isRoot = process.getuid?.() === 0;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: e2eAppUrl,
    locale: "vi-VN",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumExecutable([DEBIAN_HEADLESS_SHELL, DEBIAN_CHROMIUM]),
      args: [
        ...(isRoot ? ["--no-sandbox"] : []),
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: `node inference/emulator/main.ts --port ${e2eEmulatorPort} --tokens-per-second 200`,
      url: `${e2eEmulatorUrl}/health`,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "node scripts/e2e-server.mjs",
      url: `${e2eAppUrl}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: {
        E2E_APP_PORT: String(e2eAppPort),
        INFERENCE_URL: e2eEmulatorUrl,
        AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-0001",
        AUTH_URL: e2eAppUrl,
        // Every test registers and signs in from 127.0.0.1: limits high enough never to trip here.
        // The limits themselves are tested on separate app processes with low ones (e2e/security-*).
        RATE_LIMIT_SIGN_IN_PER_IP: "100000",
        RATE_LIMIT_REGISTER_PER_IP: "100000",
        RATE_LIMIT_MESSAGES_PER_MINUTE: "100000",
        RATE_LIMIT_MESSAGES_PER_DAY: "100000",
        RATE_LIMIT_PASSWORD_RESET_PER_IP: "100000",
        METRICS_TOKEN: "e2e-metrics-token-0123456789",
      },
    },
  ],
});
