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
    restoreMocks: true,
  },
});
