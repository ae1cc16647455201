import { defineConfig } from "vitest/config";

/**
 * `npm test`: everything that runs on a fresh machine with only Node (unit, golden, msw, FDK contract).
 * Daemon syntax checks (`test/syntax`, needs libreswan/frr/nftables) run with `npm run test:syntax`, which
 * `.ci/run` calls after installing the Debian packages.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/syntax/**", "test/interop/**", "node_modules/**"],
    setupFiles: ["test/setup.ts"],
    globalSetup: ["test/global-setup.ts"],
    environment: "node",
    // Several suites start real processes (the function bundle, the CLI); on a loaded 2-core CI runner that can
    // take seconds. Timings are measured by the benchmark, never asserted here.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    restoreMocks: true,
  },
});
