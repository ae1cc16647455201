import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../../cli/io.ts";
import { SNAPSHOT_DIR } from "../helpers/samples.ts";

/** A CliIo that records what a command printed, with its own environment. */
export function recordingIo(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env };
  return { sink, out, err };
}

/** The path of a sample snapshot in events/snapshots. */
export const sampleSnapshot = (name: string) => join(SNAPSHOT_DIR, `${name}.json`);

/** A fresh temporary folder. */
export const tempDir = () => mkdtemp(join(tmpdir(), "ts-cli-"));
