#!/bin/busybox sh
# /init of the interop guest's initramfs (built by test/interop/lib/prepare-guest.sh).
#
# It loads the few modules needed to reach the host's files (virtio PCI, 9p, overlay), mounts the host's root
# read-only over 9p (tag "hostroot") under a tmpfs overlay, so the guest runs the host's own binaries while every write
# stays in guest memory, then switches to it and runs $ts_init (passed on the kernel command line).
# Any failure powers the guest off at once: run.sh then reports that the guest produced no results.

/bin/busybox --install -s /bin
export PATH=/bin

fail() {
	echo "interop-initramfs: $*"
	poweroff -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

while read -r module; do
	insmod "/modules/$module" || fail "insmod $module failed"
done </modules/order

# cache=loose: the host's root does not change under the guest, and metadata round trips over 9p are the slowest
# thing under emulation.
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 hostroot /lower || fail "9p mount failed"
mount -t tmpfs -o mode=0755 tmpfs /upper || fail "tmpfs mount failed"
mkdir -p /upper/data /upper/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work /newroot ||
	fail "overlay mount failed"

[ -n "$ts_init" ] || fail "no ts_init= on the kernel command line"
mount --move /dev /newroot/dev
umount /proc /sys
exec switch_root /newroot /bin/bash "$ts_init"
