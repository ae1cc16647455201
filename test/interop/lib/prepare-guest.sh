#!/bin/bash
# Prepares (once per machine) the guest kernel and initramfs the interop suite boots under QEMU, and writes
# CACHE/guest.env (KVER, KERNEL, INITRD, KROOT) for run.sh.
#
# Why a guest at all: the host kernel has no ESP, VTI, XFRM interfaces or GCM. Debian's stock kernel has all of them
# as modules, so it is fetched as a package (`apt-get download`, never installed on the host), unpacked, and its
# modules indexed with `depmod -b`. The guest reads them from this cache over the host's read-only 9p root.
#
# The initramfs holds busybox and only the modules needed to reach that root (virtio PCI, 9p, overlay); its /init is
# test/interop/guest/initramfs-init.sh. It is rebuilt when that script, the kernel or busybox changes.
#
# Usage: prepare-guest.sh CACHE_DIR
set -euo pipefail

CACHE=${1:?usage: prepare-guest.sh CACHE_DIR}
HERE=$(cd "$(dirname "$0")/.." && pwd)
INIT_SCRIPT="$HERE/guest/initramfs-init.sh"
mkdir -p "$CACHE"

# --- kernel: the version linux-image-amd64 points at, cached under CACHE/kernel-VERSION -----------------------
cached_kernel() {
	local d
	for d in "$CACHE"/kernel-*; do
		[ -f "$d/.ready" ] && { basename "$d" | sed 's/^kernel-//'; return 0; }
	done
	return 1
}

if KVER=$(cached_kernel); then
	echo "interop: guest kernel $KVER (cached)"
else
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }' || true)
	if [ -z "$pkg" ]; then
		apt-get update -qq
		pkg=$(apt-cache depends linux-image-amd64 | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }')
	fi
	KVER=${pkg#linux-image-}
	partial="$CACHE/kernel-$KVER.partial"
	rm -rf --one-file-system "$partial"
	mkdir -p "$partial/deb"
	echo "interop: fetching $pkg"
	# apt's _apt user cannot write into a root-only directory: download where it may, then move.
	(cd "$partial/deb" && chmod 0777 . && apt-get download -q "$pkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
	deb=$(ls "$partial"/deb/*.deb)
	dpkg-deb -x "$deb" "$partial"
	rm -rf "$partial/deb"
	depmod -b "$partial" "$KVER"
	test -f "$partial/boot/vmlinuz-$KVER"
	test -f "$partial/lib/modules/$KVER/modules.dep"
	touch "$partial/.ready"
	rm -rf --one-file-system "$CACHE/kernel-$KVER"
	mv "$partial" "$CACHE/kernel-$KVER"
	echo "interop: guest kernel $KVER ready"
fi
KROOT="$CACHE/kernel-$KVER"

# --- initramfs ----------------------------------------------------------------------------------------------
BOOT_MODULES="virtio_pci 9pnet_virtio 9p overlay"
key=$( { echo "$KVER $BOOT_MODULES"; cat "$INIT_SCRIPT"; sha256sum /bin/busybox; } | sha256sum | cut -c1-16)
INITRD="$CACHE/initramfs-$key.cpio.gz"
if [ -f "$INITRD" ]; then
	echo "interop: initramfs (cached)"
else
	tree=$(mktemp -d)
	trap 'rm -rf --one-file-system "$tree"' EXIT
	mkdir -p "$tree"/{bin,dev,proc,sys,modules,lower,upper,newroot}
	cp /bin/busybox "$tree/bin/busybox"
	cp "$INIT_SCRIPT" "$tree/init"
	chmod 0755 "$tree/init"
	# modprobe --show-depends lists every module in load order (dependencies first); keep the first of duplicates.
	: >"$tree/modules/order"
	for m in $BOOT_MODULES; do
		modprobe -d "$KROOT" -S "$KVER" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
	done | awk '!seen[$0]++' | while read -r ko; do
		cp "$ko" "$tree/modules/"
		basename "$ko" >>"$tree/modules/order"
	done
	(cd "$tree" && find . | cpio -o -H newc --quiet | gzip -1) >"$INITRD.partial"
	mv "$INITRD.partial" "$INITRD"
	# Older initramfs images are of no further use.
	find "$CACHE" -maxdepth 1 -name 'initramfs-*.cpio.gz' ! -name "$(basename "$INITRD")" -delete
	echo "interop: initramfs built"
fi

cat >"$CACHE/guest.env" <<EOF
KVER=$KVER
KROOT=$KROOT
KERNEL=$KROOT/boot/vmlinuz-$KVER
INITRD=$INITRD
EOF
