import type * as identity from "oci-identity";
import { describe, expect, it } from "vitest";
import type { AdapterContext } from "../../shared/adapters/oci/setup/common.ts";
import { homeRegionSwitch } from "../../shared/adapters/oci/setup/identity.ts";

const ctx = {
  retry: {},
  clock: { now: () => new Date(), sleep: async () => {} },
  deadline: new Date(),
} as AdapterContext;

/** The two members of IdentityClient the switch uses. */
function stubClient() {
  const calls: string[] = [];
  const client = {
    regionId: "ap-osaka-1",
    listRegionSubscriptions: async (req: { tenancyId: string }) => {
      calls.push(req.tenancyId);
      return {
        items: [
          { regionKey: "KIX", regionName: "ap-osaka-1", status: "READY", isHomeRegion: false },
          { regionKey: "NRT", regionName: "ap-tokyo-1", status: "READY", isHomeRegion: true },
        ],
      };
    },
  };
  return { client, calls };
}

describe("IAM writes go to the home region", () => {
  it("points the identity client at the home region once, before the first write", async () => {
    const { client, calls } = stubClient();
    const toHome = homeRegionSwitch(
      client as unknown as identity.IdentityClient,
      "ocid1.tenancy.oc1..t",
      false,
      ctx,
    );
    await toHome();
    await toHome();
    expect(client.regionId).toBe("ap-tokyo-1");
    expect(calls).toEqual(["ocid1.tenancy.oc1..t"]);
  });

  it("leaves an overridden identity endpoint alone", async () => {
    const { client, calls } = stubClient();
    await homeRegionSwitch(client as unknown as identity.IdentityClient, "ocid1.tenancy.oc1..t", true, ctx)();
    expect(client.regionId).toBe("ap-osaka-1");
    expect(calls).toEqual([]);
  });
});
