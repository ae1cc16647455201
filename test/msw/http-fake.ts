import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse } from "msw";
import type { FakeOci } from "./fake-oci.ts";
import { ociError } from "./respond.ts";
import { ociHandlers } from "./server.ts";

/** A running node:http fake of OCI on 127.0.0.1. */
export interface HttpFake {
  origin: string;
  /** Requests no handler answered (method and path); a test expects none. */
  unhandled: string[];
  close(): Promise<void>;
}

/**
 * The same fake OCI, served over real HTTP on 127.0.0.1 for a function running in another process (msw intercepts
 * only its own process). Each request is turned into a Fetch Request and answered by the very msw handlers the
 * in-process tests use, signature check included. All three services share one origin, since their paths differ.
 */
export async function startHttpFake(fake: FakeOci, now: () => Date): Promise<HttpFake> {
  const unhandled: string[] = [];
  let origin = "";
  const server: Server = createServer(async (req, res) => {
    try {
      const request = await toFetchRequest(req, origin);
      const handlers = ociHandlers(fake, now, { iaas: origin, objectStorage: origin, notifications: origin });
      const response = (await getResponse(handlers, request)) ?? unhandledResponse(req, unhandled);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: "InternalError", message: String(error) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    unhandled,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function toFetchRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const method = req.method ?? "GET";
  const body =
    method === "GET" || method === "HEAD" || chunks.length === 0 ? undefined : Buffer.concat(chunks);
  return new Request(`${origin}${req.url ?? "/"}`, { method, headers, body });
}

function unhandledResponse(req: IncomingMessage, unhandled: string[]): Response {
  unhandled.push(`${req.method} ${req.url}`);
  return ociError(404, "NotFound", `no fake handler for ${req.method} ${req.url}`);
}
