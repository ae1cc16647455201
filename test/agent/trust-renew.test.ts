import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { agentLinkPath } from "../../shared/adapters/oci/config-store.ts";
import { emptyAgentSection } from "../../shared/bundle/agent-state.ts";
import { parseSealKey, sealKeyId } from "../../shared/bundle/encrypt-secret.ts";
import { decideKey } from "../../shared/bundle/trust.ts";
import { keptPrevious, renewReason } from "../../shared/core/agent/renew.ts";

const pem = (bits: number) =>
  generateKeyPairSync("rsa", { modulusLength: bits })
    .publicKey.export({ type: "spki", format: "pem" })
    .toString();

describe("trust on first use of the CPE's key", () => {
  const a = pem(3072);
  const idA = sealKeyId(parseSealKey(a));

  it("pins the first valid key, keeps it when reported again, refuses another one (alerting once per key)", () => {
    expect(decideKey(emptyAgentSection(), null)).toEqual({ kind: "none" });
    expect(decideKey(emptyAgentSection(), a)).toEqual({ kind: "pin", pem: a, keyId: idA });
    const pinned = { ...emptyAgentSection(), publicKey: { pem: a, keyId: idA, pinnedAt: "t" } };
    expect(decideKey(pinned, a)).toEqual({ kind: "pinned", pem: a, keyId: idA });
    expect(decideKey(pinned, "")).toEqual({ kind: "pinned", pem: a, keyId: idA });
    const b = pem(3072);
    const refused = decideKey(pinned, b);
    expect(refused).toMatchObject({ kind: "refused", pinned: { keyId: idA }, alert: true });
    const idB = refused.kind === "refused" ? refused.reportedKeyId : "";
    expect(decideKey({ ...pinned, refusedKeyId: idB }, b)).toMatchObject({ kind: "refused", alert: false });
  });

  it("refuses a key too small to seal to, without pinning it", () => {
    expect(decideKey(emptyAgentSection(), pem(2048))).toMatchObject({
      kind: "refused",
      pinned: null,
      alert: true,
    });
    expect(decideKey(emptyAgentSection(), "not a key")).toMatchObject({ kind: "refused", pinned: null });
  });
});

describe("agent link renewal", () => {
  const now = new Date("2026-12-01T00:00:00Z");
  const at = (hours: number) => new Date(now.getTime() + hours * 3600_000).toISOString();
  const record = {
    read: { id: "r", expiresAt: at(100) },
    status: { id: "s", expiresAt: at(100) },
    previous: [
      { id: "old-r", expiresAt: at(10) },
      { id: "gone", expiresAt: at(-1) },
    ],
    confHash: "h",
    confServed: "x",
    bundle: "b",
    bundleAt: at(0),
  };
  const input = {
    record,
    live: new Set(["r", "s"]),
    now,
    renewBeforeMs: 50 * 3600_000,
    keyPinned: false,
    generationChanged: false,
  };

  it("renews when missing, no longer listed, close to expiry, on a new generation or a newly pinned key", () => {
    expect(renewReason(input)).toBeNull();
    expect(renewReason({ ...input, record: undefined })).toBe("no agent links yet");
    expect(renewReason({ ...input, live: new Set(["r"]) })).toContain("no longer exists");
    expect(renewReason({ ...input, renewBeforeMs: 101 * 3600_000 })).toContain("expire soon");
    expect(renewReason({ ...input, generationChanged: true })).toContain("generation");
    expect(renewReason({ ...input, keyPinned: true })).toContain("sealed");
  });

  it("keeps superseded links alive until the agent confirmed or they expired", () => {
    expect(keptPrevious(record, false, false, now).map((l) => l.id)).toEqual(["old-r"]);
    expect(keptPrevious(record, true, false, now)).toEqual([]);
    expect(keptPrevious(record, false, true, now).map((l) => l.id)).toEqual(["r", "s", "old-r"]);
  });
});

describe("the agent's read link URL (prefix PAR; whether accessUri includes the prefix is not confirmed)", () => {
  const prefix = "connections/ocid1.x/libreswan/";
  it("gives <accessUri ending in /o/><prefix> in both forms", () => {
    expect(agentLinkPath("read", "/p/T/n/ns/b/bk/o/", prefix)).toBe(`/p/T/n/ns/b/bk/o/${prefix}`);
    expect(agentLinkPath("read", `/p/T/n/ns/b/bk/o/${prefix}`, prefix)).toBe(`/p/T/n/ns/b/bk/o/${prefix}`);
    expect(agentLinkPath("status", "/p/T/n/ns/b/bk/o/s.json", "s.json")).toBe("/p/T/n/ns/b/bk/o/s.json");
  });
});
