import type { ConnectionModel } from "../../shared/model/types.ts";
import { libreswanView } from "../../shared/vendors/libreswan/view.ts";
import { strongswanView } from "../../shared/vendors/strongswan/view.ts";
import { modelFrom } from "../helpers/variants.ts";

/** The model with tunnel `index`'s PSK rotated (what the rotation flow produces), the other tunnel untouched. */
export function rotated(
  model: ConnectionModel,
  index: number,
  psk = "RotatedKey0123456789abcdefXYZ",
): ConnectionModel {
  const [first, second] = model.tunnels;
  const swap = (t: typeof first) => (t.index === index ? { ...t, psk } : t);
  return { ...model, tunnels: [swap(first), swap(second)] };
}

/** The conn names the vendor gives tunnel `index`. */
export function conns(model: ConnectionModel, vendor: "libreswan", index: number): string[] {
  if (vendor !== "libreswan") throw new Error(vendor);
  return libreswanView(model)
    .conns.filter((c) => c.index === index)
    .map((c) => c.name);
}

/** What a PSK change of tunnel `index` may issue on Libreswan: reread the secrets, re-establish that tunnel only. */
export function libreswanRekeyCalls(model: ConnectionModel, index: number): string[] {
  return [
    "ipsec auto --rereadsecrets",
    ...conns(model, "libreswan", index).flatMap((c) => [
      `ipsec auto --replace ${c}`,
      `ipsec auto --asynchronous --up ${c}`,
    ]),
  ];
}

/** Tunnel 1's swanctl connection and CHILD_SA names. */
export function strongswanTunnel1(model: ConnectionModel) {
  const conn = strongswanView(model).conns.find((c) => c.index === 1);
  if (!conn) throw new Error("no tunnel 1");
  return { conn: conn.name, children: conn.children.map((c) => c.name) };
}

/** Seed 004's GRE gateway on the static sample. */
export function modelWithGre(): ConnectionModel {
  return modelFrom("static-ikev1", (s) => {
    s.site.gre = {
      localIp: "192.168.100.254",
      remoteIp: "203.0.113.57",
      key: 1,
      insideAddress: "10.255.0.1/30",
      remoteNetworks: ["192.168.200.0/24", "192.168.201.0/24"],
    };
  });
}
