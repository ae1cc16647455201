import { describe, expect, it } from "vitest";
import { TunnelsmithError } from "../../shared/errors.ts";
import { createLogger, redactText } from "../../shared/logger.ts";

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
});
