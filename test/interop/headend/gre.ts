/**
 * The far gateway of a `linux-gre` scenario, from the snapshot's `site.gre`: the mirror image of the CPE's tunnel
 * (local and remote swapped, the other host of the inside /30 or /31, the same key), written as `scenario.env` for
 * guest/far-gre.sh. Read straight from the JSON, like the IPsec headend, never through the product's model.
 *
 * Topology: the CPE's WAN interface carries site.gre.localIp, the far gateway (namespace "oci") carries remoteIp on
 * the other end of the link; remoteNetworks live behind the far gateway, the connection's staticRoutes behind the CPE
 * (the far gateway routes them back into the tunnel).
 */
import { readFileSync } from "node:fs";
import { cidr, intToIp, ipToInt } from "./snapshot.ts";
import { hostAddress } from "./topology.ts";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IFNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;
/** Outer IPv4 header + GRE header + GRE key (RFC 2784, RFC 2890). */
const GRE_WITH_KEY_OVERHEAD = 20 + 4 + 4;

type Json = Record<string, unknown>;

function fail(what: string, value: unknown): never {
  throw new Error(`far gateway: unusable snapshot field ${what}: ${JSON.stringify(value)}`);
}

function obj(v: unknown, what: string): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(what, v);
  return v as Json;
}

function ip(v: unknown, what: string): string {
  if (typeof v !== "string" || !IPV4.test(v)) fail(what, v);
  return v;
}

/** The other usable address of a /30 (.1 ↔ .2) or /31 (.0 ↔ .1), with its prefix length. */
function peerInside(v: unknown): string {
  if (typeof v !== "string") fail("site.gre.insideAddress", v);
  const [addr, len] = v.split("/");
  const n = ipToInt(ip(addr, "site.gre.insideAddress"));
  if (len === "31") return `${intToIp(n % 2 === 0 ? n + 1 : n - 1)}/31`;
  if (len === "30" && (n % 4 === 1 || n % 4 === 2)) return `${intToIp(n % 4 === 1 ? n + 1 : n - 1)}/30`;
  return fail("site.gre.insideAddress (a usable host of a /30 or /31)", v);
}

/** `scenario.env` content for a GRE scenario. */
export function greEnv(path: string): string {
  const root = obj(JSON.parse(readFileSync(path, "utf8")), "snapshot");
  const site = obj(root.site, "site");
  const gre = obj(site.gre, "site.gre");
  const conn = obj(root.ipsecConnection, "ipsecConnection");
  const localIp = ip(gre.localIp, "site.gre.localIp");
  const remoteIp = ip(gre.remoteIp, "site.gre.remoteIp");
  const key = gre.key;
  if (typeof key !== "number" || !Number.isInteger(key) || key < 0 || key > 4294967295)
    fail("site.gre.key", key);
  const inside = gre.insideAddress;
  if (typeof inside !== "string") fail("site.gre.insideAddress", inside);
  const remoteNetworks = Array.isArray(gre.remoteNetworks)
    ? gre.remoteNetworks.map((c, i) => cidr(c, `site.gre.remoteNetworks[${i}]`))
    : fail("site.gre.remoteNetworks", gre.remoteNetworks);
  const localNetworks = Array.isArray(conn.staticRoutes)
    ? conn.staticRoutes.map((c, i) => cidr(c, `ipsecConnection.staticRoutes[${i}]`))
    : [];
  if (localNetworks.length === 0 || remoteNetworks.length === 0) fail("networks on both sides", gre);
  const wanMtu = typeof site.wanMtu === "number" ? site.wanMtu : 1500;
  const wanIf = site.wanInterface === undefined ? "eth0" : site.wanInterface;
  if (typeof wanIf !== "string" || !IFNAME.test(wanIf)) fail("site.wanInterface", wanIf);
  // The far gateway works out its own MTU (or takes the pinned one), as its administrator would.
  const mtu = typeof gre.mtu === "number" ? gre.mtu : wanMtu - GRE_WITH_KEY_OVERHEAD;
  const firstLocal = localNetworks[0] ?? "";
  const firstRemote = remoteNetworks[0] ?? "";
  const vars: Record<string, string> = {
    KIND: "gre",
    ROUTING: "STATIC",
    CPE_PUBLIC_IP: localIp,
    CPE_WAN_IF: wanIf,
    CPE_WAN_ADDR: `${localIp}/32`,
    BEHIND_NAT: "0",
    HOME_GW: "",
    WAN_MTU: String(wanMtu),
    T1_ORACLE_IP: remoteIp,
    T2_ORACLE_IP: "",
    CPE_NETS: localNetworks.join(" "),
    CPE_LAN_GWS: localNetworks.map((n) => hostAddress(n, 1)).join(" "),
    CPE_LAN_HOSTS: localNetworks.map((n) => hostAddress(n, 10)).join(" "),
    ORACLE_NETS: remoteNetworks.join(" "),
    ORACLE_LAN_GWS: remoteNetworks.map((n) => hostAddress(n, 1)).join(" "),
    ORACLE_LAN_HOSTS: remoteNetworks.map((n) => hostAddress(n, 10)).join(" "),
    PING_SRCS: [10, 11, 12, 13].map((n) => hostAddress(firstLocal, n).split("/")[0]).join(" "),
    PING_DST: hostAddress(firstRemote, 10).split("/")[0] ?? "",
    GRE_KEY: String(key),
    GRE_NEAR_INSIDE: inside.split("/")[0] ?? "",
    GRE_FAR_INSIDE: peerInside(inside),
    GRE_FAR_MTU: String(mtu),
  };
  return `${Object.entries(vars)
    .map(([k, v]) => `${k}="${v}"`)
    .join("\n")}\n`;
}
