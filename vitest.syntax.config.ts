import { defineConfig } from "vitest/config";

/** `npm run test:syntax`: rendered configs checked by the real daemons' own parsers (Debian packages). */
export default defineConfig({
  test: {
    include: ["test/syntax/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    fileParallelism: false,
  },
});
