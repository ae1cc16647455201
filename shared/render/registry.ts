import { UnknownVendorError } from "../errors.ts";
import type { ConnectionModel } from "../model/types.ts";
import { ciscoIosxeRenderer } from "../vendors/cisco-iosxe/index.ts";
import { fortigateRenderer } from "../vendors/fortigate/index.ts";
import { juniperSrxRenderer } from "../vendors/juniper-srx/index.ts";
import { libreswanRenderer } from "../vendors/libreswan/index.ts";
import { linuxGreRenderer } from "../vendors/linux-gre/index.ts";
import { necIxRenderer } from "../vendors/nec-ix/index.ts";
import { openstackVpnaasRenderer } from "../vendors/openstack-vpnaas/index.ts";
import { paloaltoRenderer } from "../vendors/paloalto/index.ts";
import { routerosRenderer } from "../vendors/routeros/index.ts";
import { strongswanRenderer } from "../vendors/strongswan/index.ts";
import { vyosRenderer } from "../vendors/vyos/index.ts";
import { yamahaRtxRenderer } from "../vendors/yamaha-rtx/index.ts";
import { assertCapable } from "./capabilities.ts";
import type { RenderedFile, VendorRenderer } from "./types.ts";

/** Every vendor tunnelsmith can render, by id. Add a renderer here to make it selectable everywhere. */
const RENDERERS: readonly VendorRenderer[] = [
  libreswanRenderer,
  strongswanRenderer,
  linuxGreRenderer,
  routerosRenderer,
  openstackVpnaasRenderer,
  ciscoIosxeRenderer,
  juniperSrxRenderer,
  paloaltoRenderer,
  vyosRenderer,
  fortigateRenderer,
  yamahaRtxRenderer,
  necIxRenderer,
];

const BY_ID = new Map(RENDERERS.map((r) => [r.id, r]));

/** All registered renderers, in registration order. */
export function listRenderers(): readonly VendorRenderer[] {
  return RENDERERS;
}

/** The renderer for `id`; throws UnknownVendorError listing the known ids. */
export function getRenderer(id: string): VendorRenderer {
  const renderer = BY_ID.get(id);
  if (!renderer) throw new UnknownVendorError(id, [...BY_ID.keys()]);
  return renderer;
}

/** Renders one connection for one vendor, after checking every tunnel against the vendor's capabilities. */
export function renderVendor(model: ConnectionModel, vendorId: string): RenderedFile[] {
  const renderer = getRenderer(vendorId);
  assertCapable(renderer.id, renderer.capabilities, model);
  return renderer.render(model);
}

/** Renders one connection for each of `vendorIds` (default: the connection's `site.vendors`). */
export function renderConnection(
  model: ConnectionModel,
  vendorIds: readonly string[] = model.site.vendors,
): RenderedFile[] {
  return vendorIds.flatMap((id) => renderVendor(model, id));
}
