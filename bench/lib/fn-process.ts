import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { callFunction } from "../../test/helpers/fdk.ts";

/** A function process started the way Fn starts one (http-stream on a unix socket). */
export interface FnProcess {
  child: ChildProcess;
  socket: string;
  /** Milliseconds from spawn until the socket appeared (the FDK publishes it once it listens). */
  listeningMs: number;
  /** `performance.now()` at spawn, to time later events from the process start. */
  spawnedAt: number;
  stderr(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Arguments after `node` (default: the function bundle). */
  args: string[];
  env: Record<string, string>;
  /** Folder for the socket (a short path: unix socket paths are limited to 107 bytes). */
  dir: string;
  cwd: string;
}

/**
 * Spawns the function and waits until its socket exists, polling every millisecond so the measured time is
 * within about a millisecond of the real one. Fails after 20 s (Fn itself allows 5 s).
 */
export async function startFn(options: StartOptions): Promise<FnProcess> {
  const socket = join(options.dir, `fn-${process.pid}-${Math.random().toString(36).slice(2, 8)}.sock`);
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? "",
      ...options.env,
      FN_FORMAT: "http-stream",
      FN_LISTENER: `unix:${socket}`,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr?.on("data", (d: Buffer) => {
    if (err.length < 2_000_000) err += d.toString();
  });
  while (!existsSync(socket)) {
    if (child.exitCode !== null)
      throw new Error(`function exited with ${child.exitCode}: ${err.slice(-2000)}`);
    if (performance.now() - spawnedAt > 20_000) {
      child.kill("SIGKILL");
      throw new Error(`function did not listen within 20 s: ${err.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const listeningMs = performance.now() - spawnedAt;
  return {
    child,
    socket,
    listeningMs,
    spawnedAt,
    stderr: () => err,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** An answer from `/call`. */
export interface FnAnswer {
  status: number;
  body: string;
}

/** POSTs a payload to `/call` like the Fn agent, with a call id and a deadline `deadlineMs` from now. */
export async function callFn(
  socket: string,
  payload: unknown,
  options: { callId?: string; deadlineMs?: number } = {},
): Promise<FnAnswer> {
  const { status, body } = await callFunction(socket, JSON.stringify(payload), {
    "Fn-Call-Id": options.callId ?? "01BENCHCALL",
    "Fn-Deadline": new Date(Date.now() + (options.deadlineMs ?? 120_000)).toISOString(),
  });
  return { status, body };
}

/** The `outcome` of a successful answer, or the error text (for tables and sanity checks). */
export function outcomeOf(answer: FnAnswer): string {
  if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`;
  try {
    const parsed = JSON.parse(answer.body) as { outcome?: unknown };
    return typeof parsed.outcome === "string" ? parsed.outcome : "ok";
  } catch {
    return "ok";
  }
}

/** Peak resident set size (VmHWM) of a live process, in MiB, from `/proc/<pid>/status`. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/** CPU time (user + system) a live process has used so far, in ms, from `/proc/<pid>/stat`. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
  return ticks * 10; // USER_HZ is 100 on Linux
}
