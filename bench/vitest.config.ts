// `npx vitest run -c bench/vitest.config.ts`: the bench's own test, kept out of the unit step
// because it needs a production build (npm test builds after the unit tests).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: `${import.meta.dirname}/..`,
    include: ["bench/**/*.test.ts"],
    testTimeout: 600_000,
    pool: "forks",
  },
});
