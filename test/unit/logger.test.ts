import { describe, expect, it } from "vitest";
import { TunnelsmithError } from "../../shared/errors.ts";
import { createLogger, redactText, routeConsoleThrough } from "../../shared/logger.ts";

function capture(level: "debug" | "info" = "info") {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = createLogger({
    level,
    now: () => new Date("2026-11-23T00:00:00Z"),
    write: (line) => {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines, raw };
}

describe("JSON logger", () => {
  it("writes one JSON object per line with level, message, timestamp and child fields", () => {
    const { logger, lines } = capture();
    logger.child({ callId: "01ABC" }).info("rendered", { files: 3 });
    expect(lines).toEqual([
      {
        level: "info",
        message: "rendered",
        timestamp: "2026-11-23T00:00:00.000Z",
        callId: "01ABC",
        files: 3,
      },
    ]);
  });

  it("drops lines below the configured level", () => {
    const { logger, lines } = capture("info");
    logger.debug("noise");
    logger.warn("kept");
    expect(lines.map((l) => l.level)).toEqual(["warn"]);
  });

  it("redacts registered PSKs wherever they appear, including in children and nested objects", () => {
    const { logger, raw } = capture();
    logger.addSecret("Q5xbVq8mZ2LkT7wR4nHs9eJd3YcFa6Up");
    logger.child({ callId: "c" }).info("oops Q5xbVq8mZ2LkT7wR4nHs9eJd3YcFa6Up", {
      snapshot: { nested: ["x Q5xbVq8mZ2LkT7wR4nHs9eJd3YcFa6Up y"] },
    });
    expect(raw.join("\n")).not.toContain("Q5xbVq8mZ2LkT7wR4nHs9eJd3YcFa6Up");
    expect(raw[0]).toContain("[REDACTED]");
  });

  it("redacts secret-named keys and PAR tokens", () => {
    const { logger, raw } = capture();
    logger.info("links", {
      sharedSecret: "not-registered-but-named",
      link: "https://objectstorage.ap-tokyo-1.oraclecloud.com/p/AbCdEf123-token/n/ns/b/bucket/o/x",
    });
    expect(raw[0]).not.toContain("not-registered-but-named");
    expect(raw[0]).not.toContain("AbCdEf123-token");
    expect(redactText("/p/tok/n/ns")).toBe("/p/[REDACTED]/n/ns");
  });

  it("serialises errors with name, code, message and cause", () => {
    const { logger, lines } = capture();
    logger.error("failed", {
      error: new TunnelsmithError("X_FAILED", "outer", { cause: new Error("inner") }),
    });
    expect(lines[0]?.error).toMatchObject({
      name: "TunnelsmithError",
      code: "X_FAILED",
      message: "outer",
      cause: { message: "inner" },
    });
  });

  it("redacts secret-named fields at any depth, whole objects and arrays under them included", () => {
    const { logger, lines, raw } = capture();
    logger.info("read", {
      snapshot: {
        sharedSecrets: { "ocid1.tunnel.a": "tunnel-a-key-not-registered", "ocid1.tunnel.b": "tunnel-b-key" },
        tunnels: [{ id: "t1", psk: "array-item-psk" }, [{ password: "deep-in-arrays" }]],
      },
      par: { accessUri: "/p/tok/n/ns/b/b/o/x", fullPath: "https://h/p/tok2/n/ns/b/b/o/x", name: "kept" },
      headers: { authorization: 'Signature keyId="x",signature="abc"' },
    });
    for (const secret of [
      "tunnel-a-key",
      "tunnel-b-key",
      "array-item-psk",
      "deep-in-arrays",
      "tok2",
      "signature=",
    ]) {
      expect(raw[0]).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      snapshot: {
        sharedSecrets: "[REDACTED]",
        tunnels: [{ id: "t1", psk: "[REDACTED]" }, [{ password: "[REDACTED]" }]],
      },
      par: { accessUri: "[REDACTED]", fullPath: "[REDACTED]", name: "kept" },
      headers: { authorization: "[REDACTED]" },
    });
  });

  it("does not mangle lines for a short secret: redacted by field name, never by value", () => {
    const { logger, lines } = capture();
    logger.addSecret("abc");
    logger.info("abcdef and abc stay as written", { psk: "abc", note: "abc" });
    expect(lines[0]).toMatchObject({
      message: "abcdef and abc stay as written",
      psk: "[REDACTED]",
      note: "abc",
    });
  });

  it("redacts PAR tokens in nested strings, plain and URL-encoded", () => {
    const { logger, raw } = capture();
    logger.info("links", {
      items: [{ link: "see https://objectstorage.r.oraclecloud.com/p/NeStEdToKeN/n/ns/b/b/o/f for it" }],
      redirect: "https://x.invalid/?to=https%3A%2F%2Fos%2Fp%2FEnCoDeDtOkEn%2Fn%2Fns%2Fb%2Fb",
    });
    expect(raw[0]).not.toContain("NeStEdToKeN");
    expect(raw[0]).not.toContain("EnCoDeDtOkEn");
  });

  it("survives circular fields", () => {
    const { logger, lines } = capture();
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;
    logger.info("circular", { loop });
    expect(lines[0]).toMatchObject({ loop: { name: "loop", self: "[Circular]" } });
  });
});

describe("console output routed through the logger", () => {
  it("redacts a PSK the OCI SDK's console.warn prints, though the SDK holds no logger", () => {
    const psk = "Q5xbVq8mZ2LkT7wR4nHs9eJd3YcFa6Up";
    // The PSK is registered with the invocation's logger, not with the one the console goes through.
    capture().logger.addSecret(psk);
    const { logger, lines, raw } = capture("debug");
    const restore = routeConsoleThrough(logger);
    try {
      console.warn(
        `Request cannot be retried. Exception occurred : ${JSON.stringify({ message: `bad key ${psk}` })}`,
      );
      console.log("par", { accessUri: "/p/CoNsOlEtOkEn/n/ns/b/b/o/x" });
      console.debug("debug %s", "line");
    } finally {
      restore();
    }
    expect(raw.join("\n")).not.toContain(psk);
    expect(raw.join("\n")).not.toContain("CoNsOlEtOkEn");
    expect(lines.map((l) => [l.level, l.source])).toEqual([
      ["warn", "console"],
      ["info", "console"],
      ["debug", "console"],
    ]);
    expect(lines[0]?.message).toContain("Request cannot be retried");
    expect(lines[2]?.message).toBe("debug line");
  });
});

describe("thrown values that are not Errors", () => {
  it("keep the SDK's client-failure fields instead of logging [object Object]", () => {
    const { logger, raw, lines } = capture();
    logger.error("failed", {
      error: { code: "ECONNRESET", message: "socket hang up", requestEndpoint: "x" },
    });
    logger.error("failed", {
      error: new Error("outer", { cause: { statusCode: 503, serviceCode: "Busy" } }),
    });
    expect(raw.join("\n")).not.toContain("[object Object]");
    expect(lines[0]?.error).toMatchObject({ code: "ECONNRESET", message: "socket hang up" });
    expect(lines[1]?.error).toMatchObject({
      cause: { message: "a non-Error value was thrown", statusCode: 503, serviceCode: "Busy" },
    });
  });
});
