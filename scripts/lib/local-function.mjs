// The function bundle started the way Fn starts it (FN_FORMAT=http-stream on a unix socket), for the local
// run's stories (`npm start`): one place that spawns it, waits for its socket and POSTs to /call.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";

/**
 * Starts `dist/func.mjs` in local mode with `env` added, listening on `<socketDir>/fn.sock`, and resolves once
 * it listens (5 s at most). `stderr`: "ignore", or a function given each stderr line.
 */
export async function startLocalFunction(root, { socketDir, env, stderr = "ignore" }) {
  const socket = join(socketDir, "fn.sock");
  const child = spawn(process.execPath, [join(root, "dist", "func.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      FN_FORMAT: "http-stream",
      FN_LISTENER: `unix:${socket}`,
      TUNNELSMITH_MODE: "local",
      ...env,
    },
    stdio: ["ignore", "inherit", stderr === "ignore" ? "ignore" : "pipe"],
  });
  if (stderr !== "ignore") {
    child.stderr.on("data", (chunk) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) stderr(line);
    });
  }
  const started = Date.now();
  while (!existsSync(socket)) {
    if (child.exitCode !== null) throw new Error(`the function exited with code ${child.exitCode}`);
    if (Date.now() - started > 5000) throw new Error("the function did not listen within 5 s");
    await new Promise((r) => setTimeout(r, 10));
  }
  /** POSTs `body` to /call as Fn does (call id, deadline); resolves to the HTTP status and the raw body. */
  const post = (body, callId, deadlineMs = 30_000) =>
    new Promise((resolvePost, reject) => {
      const req = request(
        {
          socketPath: socket,
          path: "/call",
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "Fn-Call-Id": callId,
            "Fn-Deadline": new Date(Date.now() + deadlineMs).toISOString(),
          },
        },
        (res) => {
          let data = "";
          res.on("data", (d) => (data += d));
          res.on("end", () => resolvePost({ status: res.statusCode, body: data }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return { socket, listeningMs: Date.now() - started, post, stop: () => child.kill("SIGTERM") };
}
