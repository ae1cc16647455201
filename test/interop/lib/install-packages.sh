#!/bin/bash
# Installs the Debian packages the interop suite needs on the host, and nothing when they are all there already.
#
# Why these: qemu-system-x86 boots the guest kernel (the host kernel cannot carry ESP, VTI or XFRM interfaces),
# busybox-static + cpio build its initramfs, kmod indexes the guest kernel's modules, libreswan and frr are the
# CPE-side daemons under test (the guest runs the host's binaries through a read-only 9p mount), nftables applies the
# rendered MSS clamp, iproute2, procps and iputils-ping drive the namespaces, jq reads FRR's JSON, and debootstrap
# builds the strongSwan chroot (strongSwan's packages conflict with libreswan's, so it cannot be installed here).
#
# `apt-get update` runs at most once per call, and only when something is missing.
set -euo pipefail

PACKAGES=(
	qemu-system-x86 busybox-static cpio kmod libreswan frr nftables iproute2 procps iputils-ping jq debootstrap
)

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ "${#missing[@]}" -eq 0 ]; then
	echo "interop: Debian packages present"
	exit 0
fi

echo "interop: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d keeps the packages' maintainer scripts from starting pluto/frr on the host: the suite starts its own
# daemons inside the guest only. It is removed again afterwards (only if this script created it).
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 0755 /usr/sbin/policy-rc.d
	created_policy=1
fi
status=0
apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
exit "$status"
