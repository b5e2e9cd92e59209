#!/bin/sh
# lowend.sh CMD [ARG...] — runs CMD inside a cgroup that stands for the
# cheapest kiosk boards we are asked to support: a quarter of one core and
# 256 MB of memory (`make bench PROFILE=lowend`). Needs root; uses cgroup v2
# (cpu.max, memory.max) when the unified hierarchy has the cpu and memory
# controllers, otherwise cgroup v1 (cpu.cfs_quota_us, memory.limit_in_bytes).
# The cgroup is removed when CMD ends; CMD's exit status is returned.
# LOWEND_CPU_PCT, LOWEND_MEM_MB and LOWEND_PERIOD_US change the limits.
set -u
pct=${LOWEND_CPU_PCT:-25}
mem_mb=${LOWEND_MEM_MB:-256}
name="adm-kiosk-lowend.$$"
# A 10 ms period, not the kernel's default 100 ms: with 100 ms the process
# runs 25 ms flat out and then stalls 75 ms, a pattern no slow CPU has, and
# every frame that meets a stall takes 75 ms longer. At 10 ms the stalls are
# 7.5 ms, close to a core a quarter as fast at the scale of one frame.
period=${LOWEND_PERIOD_US:-10000}
quota=$((period * pct / 100))
mem=$((mem_mb * 1024 * 1024))

die() {
	echo "lowend: $*" >&2
	exit 2
}
[ "$#" -gt 0 ] || die "usage: lowend.sh CMD [ARG...]"
[ "$(id -u)" = 0 ] || die "needs root to create a cgroup (run make bench as root)"

v2=""
for root in /sys/fs/cgroup /sys/fs/cgroup/unified; do
	c="$root/cgroup.controllers"
	if [ -r "$c" ] && grep -qw cpu "$c" && grep -qw memory "$c"; then
		v2=$root
		break
	fi
done

dirs=""
cleanup() {
	for d in $dirs; do
		# Processes left (a daemon CMD forked) go back to the parent first.
		if [ -r "$d/cgroup.procs" ]; then
			while read -r p; do
				echo "$p" >"$(dirname "$d")/cgroup.procs" 2>/dev/null
			done <"$d/cgroup.procs"
		fi
		rmdir "$d" 2>/dev/null
	done
}
trap cleanup EXIT

if [ -n "$v2" ]; then
	grep -qw cpu "$v2/cgroup.subtree_control" || echo "+cpu" >"$v2/cgroup.subtree_control"
	grep -qw memory "$v2/cgroup.subtree_control" || echo "+memory" >"$v2/cgroup.subtree_control"
	d="$v2/$name"
	mkdir "$d" || die "cannot create $d"
	dirs=$d
	echo "$quota $period" >"$d/cpu.max" || die "cannot set $d/cpu.max"
	# A quarter core that is really there when other work runs beside the
	# benchmark: the highest weight, capped by the quota all the same.
	echo 10000 >"$d/cpu.weight" 2>/dev/null
	echo "$mem" >"$d/memory.max" || die "cannot set $d/memory.max"
	echo 0 >"$d/memory.swap.max" 2>/dev/null
	echo "lowend: cgroup v2 $d: cpu.max $quota/$period, memory.max $mem_mb MB" >&2
else
	cpu=/sys/fs/cgroup/cpu
	memc=/sys/fs/cgroup/memory
	[ -w "$cpu/cgroup.procs" ] && [ -w "$memc/cgroup.procs" ] ||
		die "no cgroup v2 with cpu+memory and no writable cgroup v1 cpu and memory hierarchies"
	mkdir "$cpu/$name" "$memc/$name" || die "cannot create cgroups $name"
	dirs="$cpu/$name $memc/$name"
	echo "$period" >"$cpu/$name/cpu.cfs_period_us" &&
		echo "$quota" >"$cpu/$name/cpu.cfs_quota_us" || die "cannot set the cpu quota"
	echo 262144 >"$cpu/$name/cpu.shares" 2>/dev/null # see cpu.weight above
	echo "$mem" >"$memc/$name/memory.limit_in_bytes" || die "cannot set the memory limit"
	# Swap counts against the limit too where the kernel accounts it.
	echo "$mem" >"$memc/$name/memory.memsw.limit_in_bytes" 2>/dev/null
	echo "lowend: cgroup v1 $name: cfs_quota $quota/$period us, memory $mem_mb MB" >&2
fi

# CMD runs in a child that moves itself into the cgroup and then execs
# CMD, so the limits apply from CMD's first instruction while this shell
# stays outside to clean up.
sh -c 'dirs=$1; shift; for d in $dirs; do echo $$ >"$d/cgroup.procs" || exit 2; done; exec "$@"' \
	sh "$dirs" "$@"
