import { describe, expect, it } from "vitest";
import { sharedCustomerAsn } from "../../shared/model/bgp.ts";
import { tunnelNumber } from "../../shared/model/slots.ts";
import { modelFrom } from "../helpers/variants.ts";

describe("vendor rules kept once in the model (16.5)", () => {
  it("numbers tunnels two per slot", () => {
    const m = modelFrom("bgp-ikev1", (s) => (s.site.slot = 3));
    expect(m.tunnels.map((t) => tunnelNumber(m, t))).toEqual([7, 8]);
  });

  it("gives the one customer ASN, null without BGP, and refuses two", () => {
    expect(sharedCustomerAsn(modelFrom("bgp-ikev1"), "x", "why")).toBe(65000);
    expect(sharedCustomerAsn(modelFrom("static-ikev1"), "x", "why")).toBeNull();
    const two = modelFrom("bgp-ikev1", (s) => (s.tunnels[1].bgpSessionInfo.customerBgpAsn = "65001"));
    expect(() => sharedCustomerAsn(two, "x", "why")).toThrow(
      "x: both BGP tunnels must use the same customer ASN (why)",
    );
  });
});
