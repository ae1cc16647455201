#!/bin/bash
# First process of the interop guest after the initramfs switched to the host's root (read-only 9p + tmpfs overlay).
#
# Kernel command line (set by run.sh): ts_run=RUN_DIR (scenarios prepared on the host), ts_kver=VERSION,
# ts_kroot=DIR (the unpacked guest kernel package). Results go to the 9p share "out" (RUN_DIR/out on the host), the
# only place the guest can write to on the host. The guest always powers itself off at the end.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LANG=C.UTF-8

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=0755 tmpfs /run
# No tmpfs over /tmp: the checkout under test may live there (a CI clone in /tmp), and guest writes to /tmp already
# land in the overlay's tmpfs.

# The guest kernel's modules, where modprobe looks for them (the host's /lib/modules has none for this kernel).
mkdir -p "/lib/modules/$ts_kver"
mount --bind "$ts_kroot/lib/modules/$ts_kver" "/lib/modules/$ts_kver"
echo /sbin/modprobe >/proc/sys/kernel/modprobe

mkdir -p /mnt/out
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 out /mnt/out; then
	echo "interop-guest: cannot mount the results share"
	/bin/busybox poweroff -f
fi

ip link set lo up
status=0
bash "$(dirname "$0")/run-scenarios.sh" "$ts_run" /mnt/out || status=$?
echo "$status" >/mnt/out/guest-status
sync
umount /mnt/out
/bin/busybox poweroff -f
