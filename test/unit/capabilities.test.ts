import { describe, expect, it } from "vitest";
import { CapabilityError } from "../../shared/errors.ts";
import {
  assertCapable,
  capabilityProblems,
  suggestOciSettings,
  type VendorCapabilities,
} from "../../shared/render/capabilities.ts";
import { ANY_OCI_PSK } from "../../shared/render/psk.ts";
import { modelFrom } from "../helpers/variants.ts";

const NARROW: VendorCapabilities = {
  ikeVersions: [2],
  routing: ["STATIC"],
  phase1: { ciphers: ["aes-cbc-128"], integrity: ["sha256"], dhGroups: [14] },
  phase2: { ciphers: ["aes-cbc-128"], integrity: ["hmac-sha256-128"], pfsGroups: [14] },
  natT: false,
  ipv6Inside: false,
  routingAdvice: { BGP: "Use STATIC routing." },
  psk: ANY_OCI_PSK,
  interfaces: null,
};

describe("vendor capability checks", () => {
  it("lists every problem of a tunnel", () => {
    const [t1] = modelFrom("bgp-ikev1").tunnels;
    expect(capabilityProblems(NARROW, t1)).toEqual([
      "IKEv1 is not supported",
      "BGP routing is not supported",
      "phase 1 cipher aes-cbc-256 is not supported",
      "phase 1 integrity sha384 is not supported",
      "phase 1 DH group 5 is not supported",
      "phase 2 cipher aes-gcm-256 is not supported",
      "PFS group 5 is not supported with IKEv1",
    ]);
  });

  it("names the tunnel, appends the routing advice and the OCI settings that would work", () => {
    const model = modelFrom("bgp-ikev1");
    expect(() => assertCapable("narrow", NARROW, model)).toThrow(CapabilityError);
    expect(() => assertCapable("narrow", NARROW, model)).toThrow(
      /^narrow: tunnel 1 "VPNトンネル1" \(ocid1\.ipsectunnel\.[^)]+\): IKEv1 is not supported; .*\. Use STATIC routing\. Set on the OCI tunnel instead: phase 1 AES_128_CBC \/ SHA2_256 \/ GROUP14; phase 2 AES_128_CBC \/ HMAC_SHA2_256_128 \/ PFS GROUP14\.$/,
    );
  });

  it("suggests the strongest supported settings in OCI's spelling", () => {
    expect(
      suggestOciSettings(
        {
          ...NARROW,
          phase2: { ciphers: ["aes-gcm-128", "aes-gcm-256"], integrity: [], pfsGroups: [19, 20] },
        },
        2,
      ),
    ).toBe("phase 1 AES_128_CBC / SHA2_256 / GROUP14; phase 2 AES_256_GCM / PFS GROUP20");
  });

  it("passes a tunnel the vendor can do", () => {
    const model = modelFrom("ikev2-static-custom", (s) => {
      for (const t of s.tunnels) {
        t.natTranslationEnabled = "DISABLED";
        t.phaseOneDetails = {
          isCustomPhaseOneConfig: true,
          customEncryptionAlgorithm: "AES_128_CBC",
          customAuthenticationAlgorithm: "SHA2_256",
          customDhGroup: "GROUP14",
        };
        t.phaseTwoDetails = {
          isCustomPhaseTwoConfig: true,
          customEncryptionAlgorithm: "AES_128_CBC",
          customAuthenticationAlgorithm: "HMAC_SHA2_256_128",
          isPfsEnabled: true,
          dhGroup: "GROUP14",
        };
      }
    });
    expect(() => assertCapable("narrow", NARROW, model)).not.toThrow();
  });
});
