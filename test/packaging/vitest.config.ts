import { defineConfig } from "vitest/config";

// The packaging test builds, packs and installs the real packages: minutes, not seconds, so it
// runs on its own (`pnpm test:packaging`) and the root `vitest run` excludes it.
export default defineConfig({
  test: {
    include: ["test/packaging/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    fileParallelism: false,
  },
});
