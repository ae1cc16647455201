import { z } from "zod";

/**
 * OpenStack series names since releases were also numbered (2023.1 "Antelope"), so `site.openstackRelease`
 * can be written either way. Older series need no setting: they get the conservative table, as does no value.
 */
const SERIES: Readonly<Record<string, string>> = {
  antelope: "2023.1",
  bobcat: "2023.2",
  caracal: "2024.1",
  dalmatian: "2024.2",
  epoxy: "2025.1",
  flamingo: "2025.2",
  gazpacho: "2026.1",
};

const NUMBERED = /^(20[2-9]\d)\.([12])$/;

/** `"2025.1"` or a series name (`"epoxy"`, any case) as the canonical `YYYY.N`, or null when it is neither. */
export function canonicalRelease(value: string): string | null {
  const v = value.trim().toLowerCase();
  if (NUMBERED.test(v)) return v;
  return SERIES[v] ?? null;
}

/** True when release `a` (canonical `YYYY.N`) is `b` or later. */
export function releaseAtLeast(a: string, b: string): boolean {
  const [ay = 0, an = 0] = a.split(".").map(Number);
  const [by = 0, bn = 0] = b.split(".").map(Number);
  return ay > by || (ay === by && an >= bn);
}

/**
 * `site.openstackRelease`: the OpenStack release of the cloud whose Neutron VPNaaS is the CPE (and of the
 * `openstack` client that runs the rendered script). It widens the openstack-vpnaas capability table; see
 * shared/vendors/openstack-vpnaas/algorithms.ts for what each release added.
 */
export const openstackRelease = z
  .string()
  .max(20)
  .transform((value, ctx) => {
    const release = canonicalRelease(value);
    if (release) return release;
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not an OpenStack release: write it as YYYY.N (e.g. "2025.1") or as a series name from antelope (2023.1) on (e.g. "epoxy"); older releases need no setting`,
    });
    return z.NEVER;
  });
