import { http } from "msw";
import type { FakeOci, Json } from "./fake-oci.ts";
import { ociError, ok, page, signed } from "./respond.ts";

/** The Networking API (`VirtualNetworkClient`, `/20160918`) as far as tunnelsmith reads it. */
export function coreHandlers(fake: FakeOci, origin: string) {
  const base = `${origin}/20160918`;
  const notFound = (what: string) =>
    ociError(404, "NotAuthorizedOrNotFound", `${what} not found or not authorized`);
  const route = (path: string, resolver: Parameters<typeof signed>[2]) =>
    http.get(`${base}${path}`, signed(fake, "core", resolver));

  return [
    route("/ipsecConnections/:id/tunnels/:tunnelId/sharedSecret", ({ params }) => {
      const psk = fake.secrets.get(params.tunnelId ?? "");
      const tunnels = fake.tunnels.get(params.id ?? "") ?? [];
      if (psk === undefined || !tunnels.some((t) => t.id === params.tunnelId)) return notFound("tunnel");
      return ok({ sharedSecret: psk, timeCreated: "2026-11-22T04:20:37.238Z" }, { etag: fake.newEtag() });
    }),
    http.put(
      `${base}/ipsecConnections/:id/tunnels/:tunnelId/sharedSecret`,
      signed(fake, "core", ({ params, body }) => {
        const { sharedSecret } = JSON.parse(body) as { sharedSecret?: unknown };
        if (typeof sharedSecret !== "string" || !/^[A-Za-z0-9 ]{1,255}$/.test(sharedSecret)) {
          const why = "sharedSecret: only letters, digits and spaces are allowed";
          return ociError(400, "InvalidParameter", why);
        }
        const result = fake.changeSecret(params.id ?? "", params.tunnelId ?? "", sharedSecret);
        if (result === "not-found") return notFound("tunnel");
        if (result === "conflict") {
          return ociError(409, "Conflict", "the IPSec connection is being updated; try again later");
        }
        return ok({ sharedSecret, timeCreated: "2026-11-22T04:20:37.238Z" }, { etag: fake.newEtag() });
      }),
    ),
    route("/ipsecConnections/:id/tunnels/:tunnelId", ({ params }) => {
      fake.onTunnelRead(params.id ?? "", params.tunnelId ?? "");
      const tunnel = (fake.tunnels.get(params.id ?? "") ?? []).find((t) => t.id === params.tunnelId);
      return tunnel ? ok(tunnel, { etag: fake.newEtag() }) : notFound("tunnel");
    }),
    route("/ipsecConnections/:id/tunnels", ({ request, params }) => {
      const tunnels = fake.tunnels.get(params.id ?? "");
      if (!tunnels || !fake.connections.has(params.id ?? "")) return notFound("IPSec connection");
      const { items, headers } = page(request, tunnels, fake.pageSize);
      return ok(items, headers);
    }),
    route("/ipsecConnections/:id/cpeConfigContent", ({ params }) => {
      const text = fake.helperConfigs.get(params.id ?? "");
      if (text === undefined) return notFound("CPE configuration content");
      return new Response(text, { status: 200, headers: { "content-type": "text/plain" } });
    }),
    route("/ipsecConnections/:id", ({ params }) => {
      const id = params.id ?? "";
      fake.onConnectionRead(id);
      const connection = fake.connections.get(id);
      return connection ? ok(connection, { etag: fake.newEtag() }) : notFound("IPSec connection");
    }),
    route("/ipsecConnections", ({ request }) => {
      const q = new URL(request.url).searchParams;
      const all = [...fake.connections.values()].filter(
        (c) => c.compartmentId === q.get("compartmentId") && (!q.get("cpeId") || c.cpeId === q.get("cpeId")),
      );
      const { items, headers } = page(request, all, fake.pageSize);
      return ok(items, headers);
    }),
    route("/cpes/:id", ({ params }) => {
      const cpe = fake.cpes.get(params.id ?? "");
      return cpe ? ok(cpe, { etag: fake.newEtag() }) : notFound("CPE");
    }),
    route("/cpeDeviceShapes/:id", ({ params }) => {
      const shape = fake.shapes.get(params.id ?? "");
      return shape ? ok(shape) : notFound("CPE device shape");
    }),
    route("/drgs/:id", ({ params }) => {
      const drg = fake.drgs.get(params.id ?? "");
      return drg ? ok(drg, { etag: fake.newEtag() }) : notFound("DRG");
    }),
    route("/drgAttachments", ({ request }) => {
      const q = new URL(request.url).searchParams;
      const type = q.get("attachmentType");
      const all = fake.drgAttachments.filter(
        (a: Json) =>
          a.compartmentId === q.get("compartmentId") &&
          (!q.get("drgId") || a.drgId === q.get("drgId")) &&
          (!type || type === "ALL" || (a.networkDetails as Json | undefined)?.type === type),
      );
      const { items, headers } = page(request, all, fake.pageSize);
      return ok(items, headers);
    }),
    route("/vcns/:id", ({ params }) => {
      const vcn = fake.vcns.get(params.id ?? "");
      return vcn ? ok(vcn, { etag: fake.newEtag() }) : notFound("VCN");
    }),
  ];
}
