import { describe, expect, it } from "vitest";
import { pskFingerprint } from "../../shared/core/fingerprint.ts";
import { rotateConnection } from "../../shared/core/rotation/rotate-connection.ts";
import { rawSnapshot } from "../helpers/samples.ts";
import { MEMORY_FINGERPRINT_KEY, memoryWorld } from "./memory.ts";
import { pick, seeded } from "./prng.ts";

type Json = Record<string, unknown>;

const STATUSES = ["UP", "UP", "DOWN", "DOWN_FOR_MAINTENANCE", "PARTIAL_UP", undefined] as const;
const LIFECYCLES = ["AVAILABLE", "AVAILABLE", "AVAILABLE", "PROVISIONING"] as const;
const BGP_STATES = ["UP", "UP", "DOWN", null] as const;

/** A sample connection with random tunnel, BGP and lifecycle states, and a random rotation history. */
function randomWorld(next: () => number) {
  const raw = rawSnapshot(pick(next, ["bgp-ikev1", "static-ikev1"]));
  const connection = raw.ipsecConnection as Json;
  connection.lifecycleState = next() < 0.9 ? "AVAILABLE" : "PROVISIONING";
  for (const t of raw.tunnels as Json[]) {
    const status = pick(next, STATUSES);
    if (status === undefined) delete t.status;
    else t.status = status;
    t.lifecycleState = pick(next, LIFECYCLES);
    const bgp = t.bgpSessionInfo as Json | null | undefined;
    if (bgp) bgp.bgpState = pick(next, BGP_STATES);
  }
  const world = memoryWorld(raw);
  world.reprovisionReads = pick(next, [0, 1, 3]);
  return world;
}

interface TunnelView {
  id: string;
  status: unknown;
  lifecycleState: unknown;
  routing: unknown;
  bgpState: unknown;
}

function tunnelsOf(raw: Json): TunnelView[] {
  return (raw.tunnels as Json[]).map((t) => ({
    id: String(t.id),
    status: t.status,
    lifecycleState: t.lifecycleState,
    routing: t.routing,
    bgpState: (t.bgpSessionInfo as Json | null | undefined)?.bgpState ?? null,
  }));
}

describe("rotation properties (seeded PRNG; the seed is in the failure message)", () => {
  it("a run changes at most one key, and only when the safety rules allow it (unless forced)", async () => {
    const seen = new Map<string, number>();
    for (let seed = 1; seed <= 400; seed++) {
      const next = seeded(seed);
      const world = randomWorld(next);
      const before = tunnelsOf(world.raw);
      const connectionState = (world.raw.ipsecConnection as Json).lifecycleState;
      const ids = before.map((t) => t.id);
      const force = next() < 0.3;
      const tunnelId = pick(next, [null, null, ids[0] ?? null, ids[1] ?? null]);
      const maxAgeDays = pick(next, [null, null, 30, 90]);

      const outcome = await rotateConnection(
        String((world.raw.ipsecConnection as Json).id),
        { request: { tunnelId, force, maxAgeDays }, dryRun: next() < 0.1 },
        world.deps(),
      );

      seen.set(outcome.outcome, (seen.get(outcome.outcome) ?? 0) + 1);
      const where = `seed ${seed}: ${JSON.stringify({ before, connectionState, force, tunnelId, maxAgeDays, outcome: outcome.outcome })}`;
      expect(world.keyChanges.length, where).toBeLessThanOrEqual(1);
      const changed = world.keyChanges[0];
      if (!changed) continue;
      expect(outcome.outcome, where).toMatch(/^(rotated|rotation-incomplete)$/);
      expect(connectionState, where).toBe("AVAILABLE");
      expect(
        before.every((t) => t.lifecycleState === "AVAILABLE"),
        where,
      ).toBe(true);
      if (!force) {
        const other = before.find((t) => t.id !== changed.tunnelId);
        expect(other?.status, where).toBe("UP");
        if (other?.routing === "BGP") expect(other.bgpState, where).toBe("UP");
      }
    }
    // The random states reach every branch, so the property is not passing vacuously.
    expect(seen.get("rotated") ?? 0).toBeGreaterThan(20);
    expect(seen.get("refused") ?? 0).toBeGreaterThan(40);
    expect(seen.get("dry-run") ?? 0).toBeGreaterThan(10);
  }, 60_000);

  it("runs in a row never leave both tunnels on a key the CPE does not have (without --force)", async () => {
    let rotations = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const next = seeded(10_000 + seed);
      const raw = rawSnapshot(pick(next, ["bgp-ikev1", "static-ikev1"]));
      for (const t of raw.tunnels as Json[]) {
        t.status = "UP";
        const bgp = t.bgpSessionInfo as Json | null | undefined;
        if (bgp) bgp.bgpState = "UP";
      }
      const world = memoryWorld(raw);
      // Keys OCI holds that the CPE does not have yet (the tunnel is down until the admin installs the file).
      const stale = new Set<string>();
      const changes = () => world.keyChanges.length;
      for (let run = 1; run <= 8; run++) {
        world.run = run;
        world.reprovisionReads = pick(next, [0, 1, 2]);
        const changesBefore = world.keyChanges.length;
        await rotateConnection(
          String((raw.ipsecConnection as Json).id),
          { request: { tunnelId: null, force: false, maxAgeDays: pick(next, [null, 0.5]) }, dryRun: false },
          world.deps(),
        );
        for (const c of world.keyChanges.slice(changesBefore)) stale.add(c.tunnelId);
        expect(stale.size, `seed ${10_000 + seed}, run ${run}`).toBeLessThanOrEqual(1);
        rotations += changes() - changesBefore;
        world.clock.advance(next() * 86_400_000);
        // Between runs the CPE admin may install the new files (the tunnel comes up), and outages happen.
        for (const t of world.raw.tunnels as Json[]) {
          const id = String(t.id);
          const bgp = t.bgpSessionInfo as Json | null | undefined;
          if (stale.has(id) && next() < 0.5) {
            stale.delete(id);
            t.status = "UP";
            if (bgp) bgp.bgpState = "UP";
          } else if (!stale.has(id)) {
            const up = next() < 0.85;
            t.status = up ? "UP" : "DOWN";
            if (bgp) bgp.bgpState = up ? "UP" : "DOWN";
          }
        }
      }
    }
    expect(rotations).toBeGreaterThan(300); // 150 sequences × 8 runs: most runs do rotate
  }, 60_000);

  it("the key is the one OCI got, is in the new config, and is nowhere in logs, messages or state", async () => {
    const raw = rawSnapshot("static-ikev1");
    for (const t of raw.tunnels as Json[]) t.status = "UP";
    const world = memoryWorld(raw);
    const id = String((raw.ipsecConnection as Json).id);
    await rotateConnection(
      id,
      { request: { tunnelId: null, force: false, maxAgeDays: null }, dryRun: false },
      world.deps(),
    );
    const secrets = raw.sharedSecrets as Record<string, string>;
    const tunnelId = world.keyChanges[0]?.tunnelId ?? "";
    const key = secrets[tunnelId] ?? "";
    expect(key).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(world.objects.get(`connections/${id}/libreswan/oci-ipsec.secrets`)).toContain(key);
    const state = world.objects.get(`connections/${id}/state.json`) ?? "";
    expect(JSON.parse(state).files[0].pskFingerprint ?? null).toBeNull(); // conf file carries no PSK
    expect(state).toContain(pskFingerprint(MEMORY_FINGERPRINT_KEY, secrets));
    for (const text of [...world.logs, state, ...world.messages.map((m) => `${m.title}\n${m.body}`)]) {
      expect(text.includes(key)).toBe(false);
    }
  });
});
