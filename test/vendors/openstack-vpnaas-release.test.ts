import { describe, expect, it } from "vitest";
import { factsFromTags } from "../../shared/adapters/oci/site-tags.ts";
import { CapabilityError, ValidationError } from "../../shared/errors.ts";
import { buildModels } from "../../shared/model/build.ts";
import { describeCapabilities } from "../../shared/render/capabilities.ts";
import { applyEdits, preflight } from "../../shared/render/preflight.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { parseSnapshot } from "../../shared/snapshot/parse.ts";
import { OPENSTACK_VPNAAS_CAPABILITIES } from "../../shared/vendors/openstack-vpnaas/algorithms.ts";
import { expectGolden } from "../helpers/golden.ts";
import type { Json } from "../helpers/json.ts";
import { rawSnapshot } from "../helpers/samples.ts";
import { modelFrom } from "../helpers/variants.ts";

/**
 * OpenStack VPNaaS by release (issue 15, defect 6): `site.openstackRelease` widens the capability table to what
 * that release's Neutron VPNaaS takes: DH groups 19/20 from 2025.1 (neutron-vpnaas 26), AES-GCM from 2026.1
 * (neutron-vpnaas 28, the Libreswan driver's AEAD names). Without it the table is the conservative one.
 */

const release = (r: string) => (s: Json) => {
  s.site.openstackRelease = r;
};

function script(model: ReturnType<typeof modelFrom>): string {
  return renderVendor(model, "openstack-vpnaas").find((f) => f.name === "oci-vpnaas.sh")?.content ?? "";
}

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error("did not throw");
}

describe("site.openstackRelease", () => {
  it("is stored as YYYY.N, from a number or a series name in any case", () => {
    expect(modelFrom("static-ikev1").site.openstackRelease).toBeNull();
    expect(modelFrom("static-ikev1", release("2025.2")).site.openstackRelease).toBe("2025.2");
    expect(modelFrom("static-ikev1", release("Epoxy")).site.openstackRelease).toBe("2025.1");
    expect(modelFrom("static-ikev1", release("gazpacho")).site.openstackRelease).toBe("2026.1");
  });

  it("refuses what is not a release, naming the field and the accepted forms", () => {
    for (const bad of ["2025.3", "25.1", "zed", "2025.1\nset"]) {
      const e = thrown(() => modelFrom("static-ikev1", release(bad)));
      expect(e).toBeInstanceOf(ValidationError);
      const issues = (e as ValidationError).issues;
      expect(issues.map((i) => i.path)).toEqual(["site.openstackRelease"]);
      expect(issues[0]?.message).toMatch(/YYYY\.N .*series name/);
    }
  });

  it("can come from the CPE tag tunnelsmith-openstack-release", () => {
    expect(factsFromTags({ "tunnelsmith-openstack-release": "caracal" }, null).site.openstackRelease).toBe(
      "2024.1",
    );
  });
});

describe("openstack-vpnaas by release", () => {
  it("without a release, refuses Oracle's AES-256-GCM saying which release takes it and how to set it", () => {
    const e = thrown(() => renderVendor(modelFrom("static-ikev1"), "openstack-vpnaas"));
    expect(e).toBeInstanceOf(CapabilityError);
    expect(e.message).toContain(
      'phase 2 cipher aes-gcm-256 is not supported. AES-GCM in phase 2 needs OpenStack 2026.1 or later: if the cloud runs it, set site.openstackRelease to "2026.1" (or tag the CPE tunnelsmith-openstack-release=2026.1). Or set on the OCI tunnel instead:',
    );
  });

  it("names only the releases that would clear the tunnel's own problems", () => {
    const e = thrown(() => renderVendor(modelFrom("static-ikev1"), "openstack-vpnaas"));
    expect(e.message).not.toContain("DH group 19/20 needs");
    const both = thrown(() => renderVendor(modelFrom("ikev2-static-custom"), "openstack-vpnaas"));
    expect(both.message).toContain("AES-GCM in phase 2 needs OpenStack 2026.1");
    expect(both.message).toContain("DH group 19/20 needs OpenStack 2025.1");
  });

  it("2024.1 still refuses DH group 20: its neutron-vpnaas (24) does not take it, only neutron-lib defined it", () => {
    const e = thrown(() =>
      renderVendor(modelFrom("ikev2-static-custom", release("2024.1")), "openstack-vpnaas"),
    );
    expect(e.message).toMatch(/phase 1 DH group 20 is not supported/);
    expect(e.message).toContain(
      'DH group 19/20 needs OpenStack 2025.1 or later: if the cloud runs it, set site.openstackRelease to "2025.1"',
    );
  });

  it("2025.1 takes DH group 20 but still refuses AES-GCM, naming 2026.1", () => {
    const e = thrown(() =>
      renderVendor(modelFrom("ikev2-static-custom", release("2025.1")), "openstack-vpnaas"),
    );
    expect(e.message).toMatch(
      /phase 2 cipher aes-gcm-256 is not supported\. AES-GCM in phase 2 needs OpenStack 2026\.1/,
    );
    expect(e.message).not.toMatch(/DH group/);
  });

  it("2026.1 renders Oracle's defaults: AES-256-GCM (16-octet ICV) in the IPsec policy", () => {
    const text = script(modelFrom("static-ikev1", release("2026.1")));
    expect(text).toMatch(
      /--transform-protocol 'esp' --encapsulation-mode 'tunnel' \\\n\s+--encryption-algorithm 'aes-256-gcm-16' --auth-algorithm 'sha256' --pfs 'group5'/,
    );
  });

  const GOLDEN = {
    "release-2026.1-oracle-defaults": () => modelFrom("static-ikev1", release("2026.1")),
    "release-2026.1-ikev2-group20-gcm": () => modelFrom("ikev2-static-custom", release("gazpacho")),
    "release-2025.1-ikev2-group20-cbc": () =>
      modelFrom("ikev2-static-custom", (s) => {
        release("2025.1")(s);
        for (const t of s.tunnels) {
          t.phaseTwoDetails.customEncryptionAlgorithm = "AES_256_CBC";
          t.phaseTwoDetails.customAuthenticationAlgorithm = "HMAC_SHA2_256_128";
          t.phaseTwoDetails.dhGroup = "GROUP20";
        }
      }),
  };
  for (const [variant, model] of Object.entries(GOLDEN)) {
    it(`matches the golden files for ${variant}`, () => {
      for (const f of renderVendor(model(), "openstack-vpnaas"))
        expectGolden(`openstack-vpnaas/${variant}/${f.name}`, f.content);
    });
  }

  it("tunnelsmith check suggests what the release takes, and applying it renders", () => {
    for (const r of ["2025.1", "2026.1"]) {
      const raw = rawSnapshot("ikev2-static-custom") as Json;
      raw.site.openstackRelease = r;
      raw.tunnels[0].phaseOneDetails.customDhGroup = "GROUP24";
      raw.tunnels[0].phaseTwoDetails.dhGroup = "GROUP24";
      const [m] = buildModels([parseSnapshot(raw, r)]);
      if (!m) throw new Error("no model");
      const problems = preflight(m, "openstack-vpnaas");
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) applyEdits(raw, p.fix?.edits ?? []);
      const [fixed] = buildModels([parseSnapshot(raw, `${r} fixed`)]);
      if (!fixed) throw new Error("no model");
      expect(preflight(fixed, "openstack-vpnaas")).toEqual([]);
      const text = script(fixed);
      expect(text).toContain("--pfs 'group20'");
      expect(text.includes("aes-256-gcm-16")).toBe(r === "2026.1");
    }
  });

  it("check's fix for a refused GCM names the release before the OCI settings", () => {
    const [m] = buildModels([parseSnapshot(rawSnapshot("static-ikev1"), "static-ikev1")]);
    if (!m) throw new Error("no model");
    const gcm = preflight(m, "openstack-vpnaas").find((p) => p.message.includes("aes-gcm-256"));
    expect(gcm?.fix?.text).toMatch(
      /^AES-GCM in phase 2 needs OpenStack 2026\.1 .* Or set on the OCI tunnel: /,
    );
  });

  it("tunnelsmith vendors lists what newer releases add", () => {
    const lines = describeCapabilities(OPENSTACK_VPNAAS_CAPABILITIES);
    expect(lines.filter((l) => l.startsWith("newer releases: "))).toHaveLength(2);
  });
});
