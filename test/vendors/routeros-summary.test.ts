import { describe, expect, it } from "vitest";
import { ocidSuffix } from "../../shared/vendors/routeros/names.ts";
import { exactSummary } from "../../shared/vendors/routeros/summary.ts";

describe("exactSummary", () => {
  it("returns the one network that is exactly the listed networks", () => {
    expect(exactSummary(["192.168.0.0/17"])).toBe("192.168.0.0/17");
    expect(exactSummary(["10.0.3.0/24", "10.0.2.0/24"])).toBe("10.0.2.0/23");
    expect(exactSummary(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/23"])).toBe("10.0.0.0/22");
    expect(exactSummary(["10.0.0.0/16", "10.0.5.0/24"])).toBe("10.0.0.0/16"); // nested
    expect(exactSummary(["0.0.0.0/0"])).toBe("0.0.0.0/0");
  });

  it("returns nothing when a summary would pull in networks that are not listed", () => {
    expect(exactSummary([])).toBeUndefined();
    expect(exactSummary(["10.0.2.0/24", "10.0.4.0/24"])).toBeUndefined();
    expect(exactSummary(["10.0.1.0/24", "10.0.2.0/24"])).toBeUndefined(); // adjacent but not aligned
    expect(exactSummary(["10.0.0.0/8", "192.168.0.0/16"])).toBeUndefined();
  });
});

describe("ocidSuffix", () => {
  it("takes the last 12 letters and digits of the OCID's unique part", () => {
    expect(ocidSuffix("ocid1.ipsecconnection.oc1.phx.aaaaaaaabbbbccccddddeeeeffff1234")).toBe("eeeeffff1234");
    expect(ocidSuffix("ocid1.ipsecconnection.oc1.phx.abc-def_g")).toBe("abcdefg");
    expect(ocidSuffix("ocid1.ipsecconnection.oc1.phx.---")).toBe("conn");
  });
});
