import type { ConnectionModel } from "../../model/types.ts";
import { renderTemplate } from "../../render/templates.ts";
import type { RenderedFile, VendorRenderer } from "../../render/types.ts";
import { OPENSTACK_VPNAAS_CAPABILITIES } from "./algorithms.ts";
import { vpnaasPlan } from "./plan.ts";
import { vpnaasScriptView } from "./script-view.ts";
import { vpnaasYamlView } from "./yaml-view.ts";

const ID = "openstack-vpnaas";

/**
 * OpenStack Neutron VPNaaS as the CPE (modelled on a working deployment on Fujitsu K5): `oci-vpnaas.sh`, an `openstack` CLI script that
 * creates (or updates) the VPN service, policies, endpoint groups and one site connection per tunnel, and
 * `oci-vpnaas.yaml`, the same objects in the Fujitsu K5 deployment's YAML layout. Policy-based: STATIC and POLICY routing.
 */
export const openstackVpnaasRenderer: VendorRenderer = {
  id: ID,
  title: "OpenStack Neutron VPNaaS (openstack CLI script + YAML)",
  capabilities: OPENSTACK_VPNAAS_CAPABILITIES,
  render(m: ConnectionModel): RenderedFile[] {
    const plan = vpnaasPlan(m);
    return [
      {
        vendor: ID,
        name: "oci-vpnaas.sh",
        content: renderTemplate(ID, "oci-vpnaas.sh", vpnaasScriptView(plan)),
        secret: true,
        installHint:
          "run with ROUTER=<router> LOCAL_SUBNETS='<subnets>' sh oci-vpnaas.sh (OpenStack credentials set)",
      },
      {
        vendor: ID,
        name: "oci-vpnaas.yaml",
        content: renderTemplate(ID, "oci-vpnaas.yaml", vpnaasYamlView(plan)),
        secret: true,
        installHint:
          "reference copy of the objects oci-vpnaas.sh creates (the layout of the Fujitsu K5 deployment's conf/ipsec.yaml), mode 0600",
      },
    ];
  },
  operator: {
    install: () => [
      "source your OpenStack credentials (openrc), then: ROUTER=<router> LOCAL_SUBNETS='<subnets>' sh oci-vpnaas.sh",
    ],
    check: () => "sh -n oci-vpnaas.sh ; openstack vpn ipsec site connection list --long",
    reload: () =>
      "nothing: Neutron applies the objects the script creates or updates (it is safe to run again)",
    status: () => "openstack vpn ipsec site connection list --long (Status ACTIVE when up)",
  },
};
