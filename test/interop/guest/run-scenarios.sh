#!/bin/bash
# Runs every scenario listed in RUN_DIR/scenarios.list, all at once: each has its own namespaces, daemons and
# addresses, so they cannot see each other, and the waits (IKE, BGP, DPD) overlap instead of adding up.
#
# Usage (in the guest): run-scenarios.sh RUN_DIR OUT_DIR
set -u
RUN=$1
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

echo "interop-guest: kernel $(uname -r), $(nproc) CPUs, up $(cut -d' ' -f1 /proc/uptime) s"

# Load the kernel modules up front, once, rather than from many racing daemons.
for m in veth xfrm_user xfrm_interface ip_vti esp4 esp4_offload xfrm4_tunnel tunnel4 af_key aes_generic gcm \
	ghash_generic seqiv authenc authencesn sha256_generic sha512_generic cbc echainiv nf_tables nft_chain_nat \
	nft_nat nf_nat nft_ct nft_compat ip_gre gre udp_tunnel; do
	modprobe -q "$m" 2>/dev/null || true
done

# The strongSwan chroot: /proc and /dev once for every charon (each also gets a private /run).
if [ -d "$CHROOT" ]; then
	mount -t proc proc "$CHROOT/proc"
	mount --rbind /dev "$CHROOT/dev"
	mkdir -p "$CHROOT/tunnelsmith"
fi
mkdir -p /run/interop-slots /var/run/frr
chown frr:frr /var/run/frr
# Each CPE's mount namespace is kept as a bind mount here; `unshare --mount=FILE` needs a private parent mount.
mkdir -p /run/interop-ns
mount --bind /run/interop-ns /run/interop-ns
mount --make-private /run/interop-ns

# INTEROP_PROFILE=1: what uses the CPUs, every 10 s, for tuning the suite.
if [ "${INTEROP_PROFILE:-0}" = 1 ]; then
	top -b -d 10 -n 60 -w 200 >"$OUT/top.log" 2>&1 &
fi

pids=()
names=()
while read -r index name; do
	[ -n "$name" ] || continue
	bash "$HERE/scenario.sh" "$RUN/scenarios/$name" "$OUT/$name" "$index" &
	pids+=($!)
	names+=("$name")
done <"$RUN/scenarios.list"

echo "interop-guest: ${#pids[@]} scenarios started"
for i in "${!pids[@]}"; do
	wait "${pids[$i]}"
	echo "interop-guest: ${names[$i]}: $(grep '^RESULT=' "$OUT/${names[$i]}/result.env" 2>/dev/null || echo 'no result')"
done
