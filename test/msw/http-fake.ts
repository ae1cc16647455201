import { createHash } from "node:crypto";
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
  /** What reached the server, including requests answered by an injected fault or the topic's throttle. */
  stats: HttpFakeStats;
  close(): Promise<void>;
}

/**
 * Conditions of a real region, for benchmarks (tests leave them off): latency on every answer, a share of
 * requests refused with 429 as OCI's throttling does, and the Notifications topic's publish rate.
 */
export interface HttpFakeOptions {
  /** Milliseconds added before every answer (default 0). */
  latencyMs?: number;
  /**
   * Fraction (0–1) of requests answered `429 TooManyRequests` before they reach the fake. Which ones is decided
   * by a hash of `seed`, the method, the path and how often that method and path were seen before, so the same
   * sequence of requests gets the same refusals on every run.
   */
  throttleRate?: number;
  seed?: number;
  /**
   * Messages a minute one topic accepts (a token bucket holding ten seconds' worth); publishes beyond it get
   * 429, as the real topic answers past about 60 a minute. Unset: no limit.
   */
  topicPerMinute?: number;
}

export interface HttpFakeStats {
  /** Every request the server received. */
  received: number;
  /** Answered 429 by `throttleRate`. */
  injected429: number;
  /** Publishes answered 429 by `topicPerMinute`. */
  topic429: number;
}

/**
 * The same fake OCI, served over real HTTP on 127.0.0.1 for a function running in another process (msw intercepts
 * only its own process). Each request is turned into a Fetch Request and answered by the very msw handlers the
 * in-process tests use, signature check included. All three services share one origin, since their paths differ.
 */
export async function startHttpFake(
  fake: FakeOci,
  now: () => Date,
  options: HttpFakeOptions = {},
): Promise<HttpFake> {
  const unhandled: string[] = [];
  const stats: HttpFakeStats = { received: 0, injected429: 0, topic429: 0 };
  const refuse = conditions(options, stats);
  let origin = "";
  const server: Server = createServer(async (req, res) => {
    try {
      stats.received += 1;
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      const refused = refuse(req);
      if (refused) {
        // Drain the body first, as a real server would, so the client sees an answer and not a reset.
        for await (const _chunk of req);
        res.writeHead(refused.status, Object.fromEntries(refused.headers));
        res.end(Buffer.from(await refused.arrayBuffer()));
        return;
      }
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
    stats,
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

/** The benchmark conditions as one check per request: a 429 response, or null to let the fake answer. */
function conditions(
  options: HttpFakeOptions,
  stats: HttpFakeStats,
): (req: IncomingMessage) => Response | null {
  const rate = options.throttleRate ?? 0;
  const seen = new Map<string, number>();
  const topics = new Map<string, { tokens: number; at: number }>();
  const perMs = (options.topicPerMinute ?? 0) / 60_000;
  const burst = Math.max(1, (options.topicPerMinute ?? 0) / 6);
  return (req) => {
    const method = req.method ?? "GET";
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (rate > 0) {
      const key = `${method} ${path}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      const draw = createHash("sha256")
        .update(`${options.seed ?? 0}|${key}|${n}`)
        .digest()
        .readUInt32BE(0);
      if (draw / 2 ** 32 < rate) {
        stats.injected429 += 1;
        return ociError(429, "TooManyRequests", "injected throttle (benchmark)");
      }
    }
    const topic = method === "POST" ? /^\/20181201\/topics\/([^/]+)\/messages$/.exec(path)?.[1] : undefined;
    if (perMs > 0 && topic !== undefined) {
      const t = Date.now();
      const bucket = topics.get(topic) ?? { tokens: burst, at: t };
      bucket.tokens = Math.min(burst, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      topics.set(topic, bucket);
      if (bucket.tokens < 1) {
        stats.topic429 += 1;
        return ociError(429, "TooManyRequests", "topic publish rate exceeded (benchmark)");
      }
      bucket.tokens -= 1;
    }
    return null;
  };
}
