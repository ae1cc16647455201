import { createHash, createVerify, type KeyObject } from "node:crypto";

/**
 * Checks an OCI request signature (draft-cavage HTTP signatures, as the SDK's DefaultRequestSigner makes them):
 * `Authorization: Signature version="1",keyId="…",algorithm="rsa-sha256",headers="…",signature="…"`. Rebuilds the
 * signing string from the request as received, verifies it with the test public key, and for bodies that are
 * signed checks `x-content-sha256` and `content-length` against the body. Returns the problem, or null.
 */
export function signatureProblem(
  request: { method: string; url: string; headers: Headers },
  body: string,
  expected: { keyId: string; publicKey: KeyObject },
): string | null {
  const header = request.headers.get("authorization");
  if (!header?.startsWith("Signature ")) return "no Authorization: Signature header";
  const fields = new Map<string, string>();
  for (const match of header.slice("Signature ".length).matchAll(/([A-Za-z]+)="([^"]*)"/g)) {
    fields.set(match[1] ?? "", match[2] ?? "");
  }
  if (fields.get("version") !== "1") return 'version is not "1"';
  if (fields.get("keyId") !== expected.keyId) return `keyId ${fields.get("keyId")} is not the test key`;
  if (fields.get("algorithm") !== "rsa-sha256") return "algorithm is not rsa-sha256";
  // Header names are compared and signed lower-cased (the SDK lists Content-Type, the string has content-type).
  const signed = (fields.get("headers") ?? "")
    .split(" ")
    .filter(Boolean)
    .map((h) => h.toLowerCase());
  for (const required of ["(request-target)", "host", "x-date"]) {
    if (!signed.includes(required) && !(required === "x-date" && signed.includes("date"))) {
      return `${required} is not signed`;
    }
  }
  const url = new URL(request.url);
  const lines: string[] = [];
  for (const name of signed) {
    if (name === "(request-target)") {
      lines.push(`(request-target): ${request.method.toLowerCase()} ${url.pathname}${url.search}`);
      continue;
    }
    const value = request.headers.get(name);
    if (value === null) return `signed header ${name} is missing`;
    lines.push(`${name}: ${value}`);
  }
  const verifier = createVerify("RSA-SHA256");
  verifier.update(lines.join("\n"));
  if (!verifier.verify(expected.publicKey, fields.get("signature") ?? "", "base64"))
    return "signature does not verify";

  if (signed.includes("x-content-sha256")) {
    const digest = createHash("sha256").update(body, "utf8").digest("base64");
    if (request.headers.get("x-content-sha256") !== digest) return "x-content-sha256 does not match the body";
    if (Number(request.headers.get("content-length")) !== Buffer.byteLength(body, "utf8")) {
      return "content-length does not match the body";
    }
  } else if (["POST", "PATCH"].includes(request.method)) {
    return "the body of a POST is not signed";
  }
  return null;
}
