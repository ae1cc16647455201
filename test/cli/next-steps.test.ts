import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../cli/main.ts";
import { nextSteps } from "../../shared/core/next-steps.ts";
import { deviceHints } from "../../shared/core/watch/checklist.ts";
import { listRenderers } from "../../shared/render/registry.ts";
import { EVENTS_DIR, loadModel, SNAPSHOT_DIR } from "../helpers/samples.ts";
import { recordingIo, tempDir } from "./helpers.ts";

describe("what to do after a render, from each vendor's declaration (issue 18.8)", () => {
  const model = loadModel("bgp-ikev1");

  it.each(listRenderers().map((r) => [r.id, r] as const))(
    "%s declares install, check, reload and status",
    (_id, r) => {
      expect(r.operator.install(model).length).toBeGreaterThan(0);
      for (const text of [...r.operator.install(model), r.operator.check(model), r.operator.reload(model)]) {
        expect(text.trim()).not.toBe("");
      }
      const status = r.operator.status({
        oracleIp: "203.0.113.10",
        ikeVersion: 1,
        bgp: true,
        bgpNeighbour: "x",
      });
      expect(status.trim()).not.toBe("");
    },
  );

  it("Libreswan over IKEv1 names the ikev1-policy=accept prerequisite first; IKEv2 does not", () => {
    const v1 = nextSteps(loadModel("static-ikev1"), ["libreswan"]);
    expect(v1[0]).toBe("Next steps on the device:");
    expect(v1[1]).toBe("libreswan:");
    expect(v1[3]).toMatch(/^ {2}2\. IKEv1 prerequisite: .*`ikev1-policy=accept` .*`config setup`/);
    expect(v1.find((l) => l.startsWith("  check:"))).toBe(
      "  check:  ipsec addconn --checkconfig --config /etc/ipsec.d/oci-ipsec.conf",
    );
    expect(v1.find((l) => l.startsWith("  reload:"))).toBe("  reload: systemctl restart ipsec");
    expect(nextSteps(loadModel("policy-ikev2"), ["libreswan"]).join("\n")).not.toContain("ikev1-policy");
  });

  it("BGP adds FRR's check and reload", () => {
    const lines = nextSteps(model, ["libreswan", "strongswan"]);
    expect(lines.filter((l) => l.includes("vtysh --dryrun -f /etc/frr/frr.conf"))).toHaveLength(2);
    expect(lines).toContain("  reload: systemctl restart ipsec ; systemctl restart frr");
  });

  it("the configs-ready notification carries the next steps", async () => {
    const state = await tempDir();
    const env = { TUNNELSMITH_SNAPSHOT_DIR: SNAPSHOT_DIR, TUNNELSMITH_STATE_DIR: state };
    expect(
      await runCli(["invoke", join(EVENTS_DIR, "create-static-ikev1.json")], recordingIo(env).sink),
    ).toBe(0);
    const [name] = await readdir(join(state, "outbox"));
    const body: string = JSON.parse(await readFile(join(state, "outbox", name ?? ""), "utf8")).body;
    expect(body).toContain("Next steps on the device:\nlibreswan:\n  1. copy each file");
    expect(body).toContain("ikev1-policy=accept");
    expect(body).toContain("  check:  ipsec addconn --checkconfig");
  });

  it("alerts take the status commands from the same declaration", () => {
    const libreswan = listRenderers().find((r) => r.id === "libreswan");
    const alert = {
      tunnel: {
        oracleIp: "203.0.113.10",
        ikeVersion: "V1",
        routing: "BGP",
        bgp: { oracleInterfaceIp: "10.0.0.1/30" },
      },
      vendors: ["libreswan", "oci-helper"],
    } as unknown as Parameters<typeof deviceHints>[0];
    expect(deviceHints(alert)).toEqual([
      `libreswan: ${libreswan?.operator.status({ oracleIp: "203.0.113.10", ikeVersion: 1, bgp: true, bgpNeighbour: "10.0.0.1" })}`,
    ]);
    expect(deviceHints(alert)[0]).toContain('vtysh -c "show bgp neighbor 10.0.0.1"');
  });
});
