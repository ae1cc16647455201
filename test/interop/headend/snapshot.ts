/**
 * Reads the few snapshot fields the OCI headend emulation needs, straight from the JSON file.
 *
 * Deliberately independent of the product (no import from `shared/`): the headend must be built from what OCI says,
 * not from the product's model, so that a mistake shared by the model and a renderer cannot make both ends agree.
 * Every value that ends up in a generated file or in the sourced `scenario.env` is checked against a strict pattern
 * here, so a strange snapshot fails loudly instead of producing a half-working headend.
 */
import { readFileSync } from "node:fs";

/** One OCI tunnel, as the headend sees it. */
export interface HeadendTunnel {
  /** 1 or 2, in snapshot order. */
  index: number;
  id: string;
  oracleIp: string;
  ikeVersion: 1 | 2;
  routing: "STATIC" | "BGP";
  nat: "ENABLED" | "DISABLED" | "AUTO";
  dpdTimeout: number;
  psk: string;
  phase1: {
    custom: boolean;
    lifetime: number;
    encryption: string | null;
    authentication: string | null;
    dhGroup: string | null;
  };
  phase2: {
    custom: boolean;
    lifetime: number;
    encryption: string | null;
    authentication: string | null;
    pfs: boolean;
    dhGroup: string | null;
  };
  bgp: {
    oracleIp: string;
    customerIp: string;
    prefixLength: number;
    oracleAsn: number;
    customerAsn: number;
  } | null;
}

/** The site block: where the CPE sits. Only the test topology uses it (Oracle never sees it). */
export interface HeadendSite {
  localIp: string | null;
  wanInterface: string | null;
  lanGateway: string | null;
  wanMtu: number | null;
  bgpAdvertise: string[];
}

/** What the emulation needs from one snapshot. */
export interface HeadendInput {
  connectionId: string;
  cpeIp: string;
  cpeIdentifier: string;
  cpeIdentifierType: "IP_ADDRESS" | "HOSTNAME";
  staticRoutes: string[];
  oracleCidrs: string[];
  tunnels: [HeadendTunnel, HeadendTunnel];
  site: HeadendSite;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME =
  /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IFNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;
const ENUM = /^[A-Z0-9_]{1,40}$/;
const OCID = /^ocid1\.[a-z0-9.-]+\.[A-Za-z0-9._-]+$/;
/** OCI allows letters, digits and spaces in a PSK; anything else would also break the quoting below. */
const PSK = /^[A-Za-z0-9 ]{1,255}$/;

type Json = Record<string, unknown>;

function fail(what: string, value: unknown): never {
  throw new Error(`headend: unusable snapshot field ${what}: ${JSON.stringify(value)}`);
}

function obj(v: unknown, what: string): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(what, v);
  return v as Json;
}

function str(v: unknown, what: string, pattern: RegExp): string {
  if (typeof v !== "string" || !pattern.test(v)) fail(what, v);
  return v;
}

function optStr(v: unknown, what: string, pattern: RegExp): string | null {
  return v === undefined || v === null ? null : str(v, what, pattern);
}

function int(v: unknown, what: string, min: number, max: number): number {
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) fail(what, v);
  return n;
}

/** `a.b.c.d` → 32-bit number. */
export function ipToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** 32-bit number → `a.b.c.d`. */
export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** A network in CIDR form whose address is the network address itself (`192.168.2.0/24`, not `.5/24`). */
export function cidr(v: unknown, what: string): string {
  if (typeof v !== "string") fail(what, v);
  const [ip, len, ...rest] = v.split("/");
  if (rest.length > 0 || ip === undefined || !IPV4.test(ip) || len === undefined || !/^\d{1,2}$/.test(len)) {
    fail(what, v);
  }
  const bits = Number(len);
  if (bits > 32) fail(what, v);
  const size = 2 ** (32 - bits);
  if (ipToInt(ip) % size !== 0) fail(`${what} (not a network address)`, v);
  return v;
}

function cidrList(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(what, v);
  return v.map((c, i) => cidr(c, `${what}[${i}]`));
}

/** `192.168.254.1/30` → address and prefix length. */
function insideAddress(v: unknown, what: string): { ip: string; prefixLength: number } {
  if (typeof v !== "string") fail(what, v);
  const [ip, len] = v.split("/");
  if (ip === undefined || !IPV4.test(ip) || (len !== "30" && len !== "31")) fail(what, v);
  return { ip, prefixLength: Number(len) };
}

function phase1(v: unknown, where: string): HeadendTunnel["phase1"] {
  const p = obj(v, `${where}.phaseOneDetails`);
  const custom = p.isCustomPhaseOneConfig === true;
  return {
    custom,
    lifetime: int(p.lifetime ?? 28800, `${where}.phaseOneDetails.lifetime`, 60, 604800),
    encryption: custom ? optStr(p.customEncryptionAlgorithm, `${where} phase 1 encryption`, ENUM) : null,
    authentication: custom
      ? optStr(p.customAuthenticationAlgorithm, `${where} phase 1 authentication`, ENUM)
      : null,
    dhGroup: custom ? optStr(p.customDhGroup, `${where} phase 1 DH group`, ENUM) : null,
  };
}

function phase2(v: unknown, where: string): HeadendTunnel["phase2"] {
  const p = obj(v, `${where}.phaseTwoDetails`);
  const custom = p.isCustomPhaseTwoConfig === true;
  return {
    custom,
    lifetime: int(p.lifetime ?? 3600, `${where}.phaseTwoDetails.lifetime`, 60, 604800),
    encryption: custom ? optStr(p.customEncryptionAlgorithm, `${where} phase 2 encryption`, ENUM) : null,
    authentication: custom
      ? optStr(p.customAuthenticationAlgorithm, `${where} phase 2 authentication`, ENUM)
      : null,
    pfs: p.isPfsEnabled !== false,
    // The tunnel resource reports the PFS group as `dhGroup`; the update API calls it `pfsDhGroup`.
    dhGroup: optStr(p.dhGroup ?? p.pfsDhGroup, `${where} phase 2 PFS group`, ENUM),
  };
}

function tunnel(v: unknown, index: number, secrets: Json): HeadendTunnel {
  const where = `tunnels[${index - 1}]`;
  const t = obj(v, where);
  const id = str(t.id, `${where}.id`, OCID);
  const ikeVersion =
    t.ikeVersion === "V1" ? 1 : t.ikeVersion === "V2" ? 2 : fail(`${where}.ikeVersion`, t.ikeVersion);
  const routing =
    t.routing === "STATIC" || t.routing === "BGP"
      ? t.routing
      : fail(`${where}.routing (the suite covers route-based tunnels only)`, t.routing);
  const nat = t.natTranslationEnabled ?? "AUTO";
  let bgp: HeadendTunnel["bgp"] = null;
  if (routing === "BGP") {
    const b = obj(t.bgpSessionInfo, `${where}.bgpSessionInfo`);
    const oracle = insideAddress(b.oracleInterfaceIp, `${where}.bgpSessionInfo.oracleInterfaceIp`);
    const customer = insideAddress(b.customerInterfaceIp, `${where}.bgpSessionInfo.customerInterfaceIp`);
    bgp = {
      oracleIp: oracle.ip,
      customerIp: customer.ip,
      prefixLength: oracle.prefixLength,
      oracleAsn: int(b.oracleBgpAsn, `${where}.bgpSessionInfo.oracleBgpAsn`, 1, 4294967295),
      customerAsn: int(b.customerBgpAsn, `${where}.bgpSessionInfo.customerBgpAsn`, 1, 4294967295),
    };
  }
  return {
    index,
    id,
    oracleIp: str(t.vpnIp, `${where}.vpnIp`, IPV4),
    ikeVersion,
    routing,
    nat:
      nat === "ENABLED" || nat === "DISABLED" || nat === "AUTO"
        ? nat
        : fail(`${where}.natTranslationEnabled`, nat),
    dpdTimeout: int(t.dpdTimeoutInSec ?? 20, `${where}.dpdTimeoutInSec`, 1, 3600),
    psk: str(secrets[id], `sharedSecrets[${id}]`, PSK),
    phase1: phase1(t.phaseOneDetails ?? {}, where),
    phase2: phase2(t.phaseTwoDetails ?? {}, where),
    bgp,
  };
}

/** Parses `path` and returns the headend's view of it, or throws naming the first field it cannot use. */
export function readHeadendInput(path: string): HeadendInput {
  const root = obj(JSON.parse(readFileSync(path, "utf8")), "snapshot");
  const conn = obj(root.ipsecConnection, "ipsecConnection");
  const cpe = obj(root.cpe, "cpe");
  const secrets = obj(root.sharedSecrets, "sharedSecrets");
  const list = root.tunnels;
  if (!Array.isArray(list) || list.length !== 2) fail("tunnels (two expected)", list);
  const site = obj(root.site ?? {}, "site");
  const idType = conn.cpeLocalIdentifierType ?? "IP_ADDRESS";
  if (idType !== "IP_ADDRESS" && idType !== "HOSTNAME") fail("cpeLocalIdentifierType", idType);
  const cpeIp = str(cpe.ipAddress, "cpe.ipAddress", IPV4);
  return {
    connectionId: str(conn.id, "ipsecConnection.id", OCID),
    cpeIp,
    cpeIdentifier: str(
      conn.cpeLocalIdentifier ?? cpeIp,
      "cpeLocalIdentifier",
      idType === "HOSTNAME" ? HOSTNAME : IPV4,
    ),
    cpeIdentifierType: idType,
    staticRoutes: cidrList(conn.staticRoutes, "ipsecConnection.staticRoutes"),
    oracleCidrs: cidrList(root.oracleCidrs, "oracleCidrs"),
    tunnels: [tunnel(list[0], 1, secrets), tunnel(list[1], 2, secrets)],
    site: {
      localIp: optStr(site.localIp, "site.localIp", IPV4),
      wanInterface: optStr(site.wanInterface, "site.wanInterface", IFNAME),
      lanGateway: optStr(site.lanGateway, "site.lanGateway", IPV4),
      wanMtu:
        site.wanMtu === undefined || site.wanMtu === null ? null : int(site.wanMtu, "site.wanMtu", 576, 9000),
      bgpAdvertise: cidrList(site.bgpAdvertise, "site.bgpAdvertise"),
    },
  };
}
