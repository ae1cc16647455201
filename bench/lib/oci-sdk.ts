import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The SDK version the product's own oci-* packages are pinned to. */
export const OCI_SDK_VERSION = "2.139.1";

/**
 * Where the baseline's `oci-sdk` lives: `TUNNELSMITH_BENCH_OCI_SDK_DIR`, else /var/cache/tunnelsmith/bench-oci-sdk
 * when writable, else ~/.cache/tunnelsmith/bench-oci-sdk. Outside the repository on purpose: the package is about
 * 520 MB and the product does not depend on it.
 */
export function ociSdkDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TUNNELSMITH_BENCH_OCI_SDK_DIR) return env.TUNNELSMITH_BENCH_OCI_SDK_DIR;
  const system = "/var/cache/tunnelsmith/bench-oci-sdk";
  try {
    mkdirSync(system, { recursive: true });
    accessSync(system, constants.W_OK);
    return system;
  } catch {
    return join(homedir(), ".cache", "tunnelsmith", "bench-oci-sdk");
  }
}

/**
 * Installs `oci-sdk@OCI_SDK_VERSION` into `dir` with npm unless it is already there (about 50 s the first time),
 * without install scripts and without touching the project's package.json or lockfile.
 */
export function ensureOciSdk(dir: string, log: (line: string) => void): void {
  const pkg = join(dir, "node_modules", "oci-sdk", "package.json");
  if (existsSync(pkg)) return;
  mkdirSync(dir, { recursive: true });
  log(`installing oci-sdk@${OCI_SDK_VERSION} into ${dir} for the baseline (once; ~520 MB, about a minute)`);
  const npm = spawnSync(
    "npm",
    [
      "install",
      "--prefix",
      dir,
      `oci-sdk@${OCI_SDK_VERSION}`,
      "--ignore-scripts",
      "--no-save",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
    ],
    { stdio: "inherit", cwd: dir },
  );
  if (npm.status !== 0 || !existsSync(pkg)) throw new Error(`installing oci-sdk into ${dir} failed`);
}
