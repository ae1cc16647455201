import { TunnelsmithError } from "../shared/errors.ts";

/** A command-line usage error: exit code 2, one line. */
export class UsageError extends TunnelsmithError {
  constructor(message: string) {
    super("USAGE", message, { expose: true });
    this.name = "UsageError";
  }
}

export const USAGE = `tunnelsmith — OCI Site-to-Site VPN CPE configurations

Usage:
  tunnelsmith render --snapshot FILE [--snapshot FILE]… [--vendor ID]… [--out DIR]
      Render CPE configurations from connection snapshot files. Without --out, files are
      printed to stdout. Several snapshots for one CPE get distinct interfaces and marks.
  tunnelsmith render --ipsec OCID [--ipsec OCID]… [--vendor ID]… [--out DIR]
      Render straight from OCI (OCI config file; OCI_CONFIG_FILE, OCI_CLI_PROFILE);
      --vendor oci-helper fetches Oracle's own CPE configuration.
  tunnelsmith snapshot --ipsec OCID [--out FILE]
      Fetch an IPSec connection from OCI as a snapshot file (it contains the PSKs: mode 0600).
  tunnelsmith vendors
      List the vendors that can be rendered.
  tunnelsmith mss --mtu N [--nat-t] [--phase2 ENC] [--phase2-auth A] [--ipv6]
      Tunnel MTU and TCP MSS for ESP tunnel mode. ENC: AES_256_GCM (default), AES_128_CBC, …;
      A: HMAC_SHA2_256_128 or HMAC_SHA1_128 (CBC only); --ipv6: outer header is IPv6.
  tunnelsmith rotate --ipsec OCID [--tunnel OCID] [--dry-run] [--force]
      Rotate one tunnel's pre-shared key (the oldest, or --tunnel), store the new configs and
      announce them. Refused unless the other tunnel (and its BGP session) is UP; --force
      overrides that, loudly. --dry-run only reports. Uses TUNNELSMITH_MODE's adapters
      (oci: the function's bucket, topic and fingerprint key, and the OCI config file).
  tunnelsmith invoke EVENT.json
      Run one event through the function handler on the local adapters (snapshots from
      TUNNELSMITH_SNAPSHOT_DIR, default events/snapshots; output in TUNNELSMITH_STATE_DIR, default .tunnelsmith).

Exit codes: 0 ok, 2 usage or validation error, 1 anything else.`;
