import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests drive the real Pulumi CLI: minutes, not milliseconds.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
