/**
 * Defaults of the optional `site` facts. A leaf module (no imports) because both the snapshot schema (which
 * validates `site`) and the model builder (which applies it) need them.
 */

/** Documented defaults for every optional `site` key (README, "The site block"). */
export const SITE_DEFAULTS = {
  wanMtu: 1500,
  interfacePrefix: "vti",
  vendors: ["libreswan"],
  greInterfaceName: "gre1",
} as const;
