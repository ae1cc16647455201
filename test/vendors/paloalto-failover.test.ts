import { describe, expect, it } from "vitest";
import { configsReadyNotification, type LinkedFile } from "../../shared/core/notification.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import type { RenderedFile } from "../../shared/render/types.ts";
import { INTERVAL_SEC, THRESHOLD } from "../../shared/vendors/paloalto/failover.ts";
import { type CommandForm, form, undocumentedLines } from "../helpers/command-forms.ts";
import { expectGolden } from "../helpers/golden.ts";
import type { Json } from "../helpers/json.ts";
import { nativeInterfaces, modelFrom as sampleModel } from "../helpers/variants.ts";

/** A sample with paloalto's interface spellings, then `edit`. */
function modelFrom(base: string, edit: (s: Json) => void = () => {}) {
  return sampleModel(base, (s) => {
    nativeInterfaces("paloalto")(s);
    edit(s);
  });
}

/**
 * PAN-OS failover without a human (issue 15, defect 5). With `site.monitorIp` each static tunnel gets a tunnel
 * monitor whose profile fails over (POLICY tunnels too: their selectors are routed the same way); without it the notes and the notification say failover is manual.
 * Forms: PAN-OS CLI `network profiles monitor-profile` (action wait-recover|fail-over, interval 2-10,
 * threshold 2-10), `network tunnel ipsec <name> tunnel-monitor` (enable, destination-ip,
 * tunnel-monitor-profile) and `routing-table ip static-route <name> nexthop discard`.
 */

const MONITOR = "PAN-OS CLI: network profiles monitor-profile; network tunnel ipsec tunnel-monitor";
const DISCARD = "PAN-OS CLI: network virtual-router routing-table ip static-route (nexthop discard)";
const FAILOVER_FORMS: CommandForm[] = [
  form(MONITOR, "set network profiles monitor-profile OCI-S{num}-MONITOR action fail-over"),
  form(MONITOR, "set network profiles monitor-profile OCI-S{num}-MONITOR interval (?:[2-9]|10)"),
  form(MONITOR, "set network profiles monitor-profile OCI-S{num}-MONITOR threshold (?:[2-9]|10)"),
  form(MONITOR, "set network tunnel ipsec OCI-T{num} tunnel-monitor enable yes"),
  form(MONITOR, "set network tunnel ipsec OCI-T{num} tunnel-monitor destination-ip {ipv4}"),
  form(
    MONITOR,
    "set network tunnel ipsec OCI-T{num} tunnel-monitor tunnel-monitor-profile OCI-S{num}-MONITOR",
  ),
  form(
    DISCARD,
    "set network virtual-router default routing-table ip static-route OCI-S{num}-DISCARD{num} destination {cidr}",
  ),
  form(
    DISCARD,
    "set network virtual-router default routing-table ip static-route OCI-S{num}-DISCARD{num} nexthop discard",
  ),
  form(
    DISCARD,
    "set network virtual-router default routing-table ip static-route OCI-S{num}-DISCARD{num} metric {num}",
  ),
];

function monitored(ip = "10.0.2.10") {
  return (s: Json) => {
    s.site.monitorIp = ip;
  };
}

function render(model: ConnectionModel): { set: RenderedFile; notes: RenderedFile } {
  const [set, notes] = renderVendor(model, "paloalto");
  if (!set || !notes) throw new Error("PAN-OS renders two files");
  return { set, notes };
}

/** The notification a render would publish, with placeholder links. */
function notification(model: ConnectionModel): string {
  const files: LinkedFile[] = renderVendor(model, "paloalto").map((file) => ({
    file,
    stored: {
      vendor: file.vendor,
      name: file.name,
      objectName: `x/${file.name}`,
      secret: file.secret,
    } as LinkedFile["stored"],
    link: { id: file.name, url: `https://example.invalid/${file.name}`, expiresAt: new Date(0) },
  }));
  return configsReadyNotification(model, "created", files).body;
}

const FAILOVER_LINE = /monitor|DISCARD/;

describe("paloalto failover", () => {
  it("matches the golden files for static-ikev1 with site.monitorIp", () => {
    const { set, notes } = render(modelFrom("static-ikev1", monitored()));
    expectGolden("paloalto/static-ikev1-monitor/oci-vpn-panos.set", set.content);
    expectGolden("paloalto/static-ikev1-monitor/oci-vpn-panos-notes.txt", notes.content);
  });

  it("with site.monitorIp, every tunnel gets a fail-over tunnel monitor towards it", () => {
    const m = modelFrom("static-ikev1", monitored("10.0.2.10"));
    const set = render(m).set.content;
    const lines = set.split("\n").filter((l) => FAILOVER_LINE.test(l));
    expect(undocumentedLines(lines.join("\n"), FAILOVER_FORMS, /(?!)/)).toEqual([]);
    expect(set).toContain("monitor-profile OCI-S0-MONITOR action fail-over");
    expect(set).toContain(`monitor-profile OCI-S0-MONITOR interval ${INTERVAL_SEC}`);
    expect(set).toContain(`monitor-profile OCI-S0-MONITOR threshold ${THRESHOLD}`);
    for (const unit of [1, 2]) {
      expect(set).toContain(`set network tunnel ipsec OCI-T${unit} tunnel-monitor enable yes`);
      expect(set).toContain(`set network tunnel ipsec OCI-T${unit} tunnel-monitor destination-ip 10.0.2.10`);
      expect(set).toContain(
        `set network tunnel ipsec OCI-T${unit} tunnel-monitor tunnel-monitor-profile OCI-S0-MONITOR`,
      );
    }
    // the profile exists before a tunnel refers to it
    expect(set.indexOf("monitor-profile OCI-S0-MONITOR action")).toBeLessThan(
      set.indexOf("tunnel-monitor-profile"),
    );
  });

  it("with site.monitorIp, a discard route per Oracle network catches traffic when both tunnels are out", () => {
    const m = modelFrom("static-ikev1", (s) => {
      s.oracleCidrs = ["10.0.2.0/24", "10.0.8.0/22"];
      s.site.monitorIp = "10.0.9.1";
    });
    const set = render(m).set.content;
    for (const cidr of m.oracleCidrs) {
      const name = new RegExp(
        `static-route (OCI-S0-DISCARD\\d+) destination ${cidr.replace(/[./]/g, "\\$&")}\\n`,
      ).exec(set)?.[1];
      expect(name, cidr).toBeDefined();
      expect(set).toContain(`static-route ${name} nexthop discard\n`);
      const metric = Number(new RegExp(`static-route ${name} metric (\\d+)`).exec(set)?.[1]);
      expect(metric).toBeGreaterThan(10); // the tunnel routes' metric: used only when they are gone
    }
  });

  it("with site.monitorIp, the notes explain detection time and the tunnel interface source address", () => {
    const notes = render(modelFrom("static-ikev1", monitored())).notes.content;
    expect(notes).toContain(`about ${INTERVAL_SEC * THRESHOLD} s`);
    expect(notes).toContain("set network interface tunnel units tunnel.1 ip <unused on-premises address>/32");
    expect(notes).toContain("set network interface tunnel units tunnel.2 ip <unused on-premises address>/32");
    expect(notes).not.toContain("MANUAL");
  });

  it("without site.monitorIp, nothing is monitored and the notes and the notification say failover is manual", () => {
    const m = modelFrom("static-ikev1");
    const { set, notes } = render(m);
    expect(set.content).not.toMatch(FAILOVER_LINE);
    expect(notes.content).toContain("Failover is MANUAL");
    expect(notes.content).toContain("site.monitorIp");
    expect(set.installHint).toMatch(/MANUAL.*site\.monitorIp/);
    expect(notification(m)).toMatch(/Failover between the tunnels is MANUAL: set site\.monitorIp/);
    expect(notification(modelFrom("static-ikev1", monitored()))).not.toContain("MANUAL");
  });

  it("POLICY tunnels (routed like static ones) get the monitor and a discard route per Oracle selector", () => {
    const set = render(modelFrom("policy-ikev2", monitored("10.0.3.9"))).set.content;
    expect(set).toContain("set network tunnel ipsec OCI-T2 tunnel-monitor destination-ip 10.0.3.9");
    expect(set).toMatch(/static-route OCI-S0-DISCARD1 destination 10\.0\.2\.0\/24\n/);
    expect(set).toMatch(/static-route OCI-S0-DISCARD2 destination 10\.0\.3\.0\/24\n/);
  });

  it("BGP tunnels need no monitor (the hold timer withdraws a dead tunnel's routes) and are not called manual", () => {
    const { set, notes } = render(modelFrom("bgp-ikev1"));
    expect(set.content).not.toMatch(FAILOVER_LINE);
    expect(notes.content).not.toContain("MANUAL");
    expect(set.installHint).not.toContain("MANUAL");
  });
});
