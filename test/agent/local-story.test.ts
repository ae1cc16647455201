import { describe, expect, it, vi } from "vitest";
// @ts-expect-error: a plain .mjs script (npm start's agent story) without type declarations
import { agentStory } from "../../scripts/local-agent-story.mjs";

interface AgentRun {
  exit: number;
  result: string;
  tunnels: { name: string; state: string }[];
  daemon: string[];
}

describe("npm start: a rotation applied end to end by the agent, local mode (issue 20.6)", () => {
  it("bootstraps from the bucket folder, seals to the reported key, and rotates tunnel 2 only after the agent applied tunnel 1", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const facts = (await agentStory(process.cwd())) as {
      bootstrap: string[];
      sealed: boolean;
      waiting: { outcome: string; reasons: string[] };
      rotated: (number | null)[];
      agentRuns: AgentRun[];
      failures: number;
    };

    expect(facts.bootstrap).toHaveLength(1);
    expect(facts.bootstrap[0]).toMatch(
      /^sudo sh '.+\/libreswan\/oci-vpn-agent\.sh' --once --source '.+\/libreswan\/'$/,
    );
    expect(facts.sealed).toBe(true);
    expect(facts.rotated).toEqual([1, 2]);
    expect(facts.waiting.outcome).toBe("refused");
    expect(facts.waiting.reasons.join(" ")).toContain("has not reported applying");
    // Runs: sealed bundle (same plaintext), tunnel 1's key, tunnel 2's key. Each key change touches its tunnel only.
    expect(facts.agentRuns.map((r) => [r.exit, r.result])).toEqual([
      [0, "unchanged"],
      [0, "applied"],
      [0, "applied"],
    ]);
    const [, first, second] = facts.agentRuns;
    expect(first?.daemon).toEqual([
      "ipsec auto --rereadsecrets",
      "ipsec auto --replace oracle-tunnel-1",
      "ipsec auto --asynchronous --up oracle-tunnel-1",
    ]);
    expect(second?.daemon).toEqual([
      "ipsec auto --rereadsecrets",
      "ipsec auto --replace oracle-tunnel-2",
      "ipsec auto --asynchronous --up oracle-tunnel-2",
    ]);
    expect(facts.failures).toBe(0);
  }, 120_000);
});
