#!/bin/sh
# The first process of a User-Mode Linux guest started by test/syntax/gre.test.ts.
#
# Why a guest kernel: the host kernel of the CI machines has no GRE (and cannot load modules), but Debian's UML
# kernel (package user-mode-linux) ships ip_gre as a module. The guest sees the host's files read-only (hostfs),
# has no network device connected to anything, and powers off when this script ends: nothing it does can reach
# the host's network or change its files.
#
# It builds two gateways as network namespaces joined by a veth "underlay" (10.250.0.0/24), each with a LAN address
# on its loopback, runs each gateway's rendered gre-tunnel.sh, and pings across the tunnel. Then gateway B drops
# its tunnel and systemd-networkd brings it back from B's rendered .netdev/.network, and the pings run again, so
# both alternatives are tested against each other. Each step prints
#   @@ STEP <name> rc=<exit code>
# and the test reads those lines. Inputs come from the kernel command line (unknown name=value parameters reach
# init as environment variables): TS_WORK (the test's folder with a/ and b/ holding the rendered files) and
# TS_MODROOT (a folder whose lib/modules/<version> holds the UML kernel's modules).
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

step() {
	name=$1
	shift
	echo "@@ BEGIN $name"
	"$@" 2>&1
	echo "@@ STEP $name rc=$?"
}

mount -t proc proc /proc
# Keep kernel messages off the console, so they do not land in the middle of a step's output.
echo 1 >/proc/sys/kernel/printk
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /run

step modules sh -c 'modprobe -d "$TS_MODROOT" ip_gre && modprobe -d "$TS_MODROOT" veth'

step underlay sh -c '
	ip netns add gwa && ip netns add gwb &&
	ip link add ula netns gwa type veth peer name ulb netns gwb &&
	ip -n gwa address add 10.250.0.1/24 dev ula && ip -n gwa link set ula up && ip -n gwa link set lo up &&
	ip -n gwb address add 10.250.0.2/24 dev ulb && ip -n gwb link set ulb up && ip -n gwb link set lo up &&
	ip -n gwa address add 192.168.100.1/24 dev lo &&
	ip -n gwb address add 192.168.200.1/24 dev lo'

step tunnel-a ip netns exec gwa sh "$TS_WORK/a/gre-tunnel.sh"
step tunnel-b ip netns exec gwb sh "$TS_WORK/b/gre-tunnel.sh"
# Running it again must leave the same working tunnel (it recreates the interface).
step tunnel-a-again ip netns exec gwa sh "$TS_WORK/a/gre-tunnel.sh"

step show-a ip -n gwa -d address show dev gre1
step routes-a ip -n gwa route show
step forwarding-a ip netns exec gwa cat /proc/sys/net/ipv4/ip_forward

step ping-inside ip netns exec gwa ping -c 3 -W 2 10.255.0.2
step ping-far-lan ip netns exec gwa ping -c 2 -W 2 -I 192.168.100.1 192.168.200.1
mtu=$(ip netns exec gwa cat /sys/class/net/gre1/mtu)
echo "@@ MTU $mtu"
# A full-size packet with DF set crosses the tunnel: the MTU fits the 1500-byte underlay.
step ping-full-size ip netns exec gwa ping -c 1 -W 2 -M do -s "$((mtu - 28))" 10.255.0.2
# One byte more does not fit the tunnel interface.
step ping-oversize ip netns exec gwa ping -c 1 -W 2 -M do -s "$((mtu - 27))" 10.255.0.2

# systemd-networkd on gateway B, from the rendered files. networkd waits for udev unless /sys is read-only (as in
# a container), so it runs in its own mount namespace with a read-only /sys; /run is the guest's tmpfs.
step networkd-b sh -c '
	ip -n gwb link del gre1 &&
	mkdir -p /run/systemd/network &&
	cp "$TS_WORK/b/gre1.netdev" "$TS_WORK/b/gre1.network" /run/systemd/network/ &&
	{ ip netns exec gwb unshare -m sh -c "mount -o remount,bind,ro /sys && exec /lib/systemd/systemd-networkd" \
		>/run/networkd.log 2>&1 & } &&
	for i in $(seq 1 50); do
		ip -n gwb address show dev gre1 2>/dev/null | grep -q "inet 10.255.0.2/30" && exit 0
		sleep 0.2
	done
	cat /run/networkd.log; exit 1'
step show-b-networkd ip -n gwb -d address show dev gre1
step routes-b-networkd ip -n gwb route show
step ping-inside-networkd ip netns exec gwa ping -c 3 -W 2 10.255.0.2
step ping-far-lan-networkd ip netns exec gwa ping -c 2 -W 2 -I 192.168.100.1 192.168.200.1

echo "@@ DONE"
echo o >/proc/sysrq-trigger
sleep 10
