#!/bin/sh
# run.sh — `make bench`: runs every benchmark program and prints one table.
# Each program prints rows "BENCH<TAB>name<TAB>value<TAB>unit<TAB>target<TAB>yes|no";
# anything else it prints goes to build/bench-logs/. Benchmarks report, they
# never fail the build: a slow machine gets "no" in the last column.
# KIO_BENCH_PROFILE=lowend (make bench PROFILE=lowend) runs the kiosk's own
# code inside tests/bench/lowend.sh's cgroup (a quarter core, 256 MB): the
# C benchmarks whole, and in the shell benchmarks the kiosk process only
# (through run-demo.sh's KIO_KIOSK_WRAPPER), so the simulator and cupsd still
# answer at full speed as a central server and a printer would.
set -u
: "${KIO_BUILD:=build}"
: "${KIO_BENCH_PROFILE:=}"
export KIO_BENCH_PROFILE
here=$(cd "$(dirname "$0")" && pwd)
wrap=""
case "$KIO_BENCH_PROFILE" in
"") ;;
lowend)
	wrap="sh $here/lowend.sh"
	export KIO_KIOSK_WRAPPER="$wrap"
	;;
*) echo "run.sh: unknown PROFILE '$KIO_BENCH_PROFILE' (known: lowend)" >&2; exit 2 ;;
esac
logs="$KIO_BUILD/bench-logs${KIO_BENCH_PROFILE:+-$KIO_BENCH_PROFILE}"
mkdir -p "$logs"
rows="$logs/rows.tsv"
: >"$rows"
for b in "$KIO_BUILD"/bench/bench_* tests/bench/bench_*.sh; do
	[ -e "$b" ] || continue
	case "$b" in *.d) continue ;; esac # make's dependency files
	name=$(basename "$b")
	echo "running $name ..." >&2
	case "$b" in
	*.sh) out=$(sh "$b" 2>"$logs/$name.err") ;;
	*) out=$($wrap "$b" 2>"$logs/$name.err") ;;
	esac
	printf '%s\n' "$out" >"$logs/$name.out"
	printf '%s\n' "$out" | grep '^BENCH	' >>"$rows" ||
		printf 'BENCH\t%s\t-\t-\t-\tno (no result, see %s)\n' "$name" "$logs/$name.err" >>"$rows"
done
[ -n "$KIO_BENCH_PROFILE" ] && printf '\nprofile: %s (%s)\n' "$KIO_BENCH_PROFILE" \
	"a quarter of one core, 256 MB: tests/bench/lowend.sh"
printf '\n%-42s %12s %-8s %-14s %s\n' "benchmark" "value" "unit" "target" "meets"
printf '%s\n' "--------------------------------------------------------------------------------------"
awk -F'\t' '{ printf "%-42s %12s %-8s %-14s %s\n", $2, $3, $4, $5, $6 }' "$rows"
