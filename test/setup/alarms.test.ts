import { describe, expect, it } from "vitest";
import { COMPARTMENT, NETWORK, useSetupHarness } from "./harness.ts";

const h = useSetupHarness();
const CHILD = "ocid1.compartment.oc1..aaaaaaaanetworkchildbranch";
const GRANDCHILD = "ocid1.compartment.oc1..aaaaaaaanetworkgrandchildeast";

const watched = () =>
  [...h.fake.control.alarms.values()]
    .map((a) => [a.metricCompartmentId, a.metricCompartmentIdInSubtree])
    .sort();

describe("tunnel alarms and subcompartments", () => {
  it("--subcompartments adds one alarm per active compartment below a network compartment", async () => {
    h.fake.compartments.push(
      { id: CHILD, compartmentId: NETWORK, lifecycleState: "ACTIVE", name: "branches" },
      { id: GRANDCHILD, compartmentId: CHILD, lifecycleState: "ACTIVE", name: "east" },
      {
        id: "ocid1.compartment.oc1..aaaaaaaagone",
        compartmentId: NETWORK,
        lifecycleState: "DELETED",
        name: "old",
      },
    );
    const run = await h.setup(["--network-compartment", NETWORK, "--subcompartments"]);
    expect(run.code, run.err.join("\n")).toBe(0);
    // Monitoring takes metricCompartmentIdInSubtree only for the tenancy: one alarm per compartment instead.
    expect(watched()).toEqual(
      [
        [NETWORK, false],
        [CHILD, false],
        [GRANDCHILD, false],
      ].sort(),
    );
    const again = await h.setup(["--network-compartment", NETWORK, "--subcompartments"]);
    expect(again.text).toContain("Nothing to change.");
    expect(
      (await h.cli(["teardown", "--compartment", COMPARTMENT, "--network-compartment", NETWORK])).code,
    ).toBe(0);
    expect(h.fake.control.alarms.size).toBe(0);
  });

  it("without --subcompartments watches the network compartment only", async () => {
    h.fake.compartments.push({
      id: CHILD,
      compartmentId: NETWORK,
      lifecycleState: "ACTIVE",
      name: "branches",
    });
    expect((await h.setup(["--network-compartment", NETWORK])).code).toBe(0);
    expect(watched()).toEqual([[NETWORK, false]]);
  });

  it("the tenancy needs one alarm over its whole subtree", async () => {
    const tenancy = h.fake.control.tenancyId;
    h.fake.compartments.push({
      id: CHILD,
      compartmentId: tenancy,
      lifecycleState: "ACTIVE",
      name: "branches",
    });
    const run = await h.setup(["--network-compartment", tenancy, "--subcompartments"]);
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(watched()).toEqual([[tenancy, true]]);
    expect(h.fake.requestsTo("GET", /\/compartments$/)).toEqual([]);
  });
});
