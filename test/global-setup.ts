import { execFileSync } from "node:child_process";

/**
 * Builds `dist/` once before any test file runs. Tests that start the real function bundle (the FDK contract
 * and the OCI end-to-end test) run in parallel workers; building from each of them would let one start
 * `dist/func.mjs` while another is rewriting it.
 */
export default function setup(): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
