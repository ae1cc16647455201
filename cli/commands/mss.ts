import { z } from "zod";
import { phase2CipherFromOci, phase2IntegrityFromOci } from "../../shared/model/algorithms.ts";
import { calculateMss, formatMss } from "../../shared/mss.ts";
import { PHASE2_AUTH, PHASE2_ENCRYPTION } from "../../shared/snapshot/oci-enums.ts";
import type { CliIo } from "../io.ts";
import { UsageError } from "../usage.ts";

export interface MssOptions {
  mtu: string | undefined;
  natT: boolean;
  phase2: string | undefined;
  phase2Auth: string | undefined;
  ipv6: boolean;
}

/** `tunnelsmith mss`: the calculator's table for one link. */
export function mssCommand(options: MssOptions, io: CliIo): void {
  if (options.mtu === undefined) throw new UsageError("mss needs --mtu N");
  const mtu = Number(options.mtu);
  if (!Number.isInteger(mtu) || mtu < 576 || mtu > 9216)
    throw new UsageError("--mtu must be an integer 576..9216");
  const enc = z.enum(PHASE2_ENCRYPTION).safeParse((options.phase2 ?? "AES_256_GCM").toUpperCase());
  if (!enc.success) throw new UsageError(`--phase2 must be one of ${PHASE2_ENCRYPTION.join(", ")}`);
  const cipher = phase2CipherFromOci(enc.data);
  let integrity = null;
  if (cipher.mode === "cbc") {
    const auth = z.enum(PHASE2_AUTH).safeParse((options.phase2Auth ?? "").toUpperCase());
    if (!auth.success)
      throw new UsageError(`--phase2 ${enc.data} needs --phase2-auth ${PHASE2_AUTH.join("|")}`);
    integrity = phase2IntegrityFromOci(auth.data);
  } else if (options.phase2Auth !== undefined) {
    throw new UsageError("--phase2-auth is only for CBC ciphers; AES-GCM authenticates by itself");
  }
  try {
    io.out(
      formatMss(
        calculateMss({ linkMtu: mtu, natT: options.natT, outerIpv6: options.ipv6, cipher, integrity }),
      ),
    );
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
