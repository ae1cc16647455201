import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";

export interface RunningFunction {
  process: ChildProcess;
  socket: string;
  stdout: () => string;
  stderr: () => string;
  /** Milliseconds from spawn until the socket appeared. */
  startupMs: number;
  stop(): Promise<void>;
}

/**
 * Starts `dist/func.mjs` (built by test/global-setup.ts) like Fn does: FN_FORMAT=http-stream, FN_LISTENER=unix:<socket>. Resolves once the FDK has
 * published its socket (it listens on a temporary name and symlinks it into place when ready).
 */
export async function startFunction(dir: string, env: Record<string, string>): Promise<RunningFunction> {
  const socket = join(dir, "fn.sock");
  const started = Date.now();
  const child = spawn(process.execPath, ["dist/func.mjs"], {
    env: { PATH: process.env.PATH ?? "", ...env, FN_FORMAT: "http-stream", FN_LISTENER: `unix:${socket}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const deadline = Date.now() + 5000; // Fn requires listening within 5 s
  while (!existsSync(socket)) {
    if (child.exitCode !== null) throw new Error(`function exited with ${child.exitCode}: ${err}`);
    if (Date.now() > deadline) throw new Error(`function did not listen within 5 s: ${err}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const startupMs = Date.now() - started;
  return {
    process: child,
    socket,
    stdout: () => out,
    stderr: () => err,
    startupMs,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** POSTs `body` to `/call` on the function's unix socket, as the Fn agent does. */
export function callFunction(
  socket: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: socket,
        path: "/call",
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Fn-Call-Id": "01TESTCALL",
          "Fn-Deadline": new Date(Date.now() + 30_000).toISOString(),
          ...headers,
        },
      },
      (res) => {
        let data = "";
        res.on("data", (d: Buffer) => {
          data += d.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
