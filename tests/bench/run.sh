#!/bin/sh
# run.sh — `make bench`: runs every benchmark program and prints one table.
# Each program prints rows "BENCH<TAB>name<TAB>value<TAB>unit<TAB>target<TAB>yes|no";
# anything else it prints goes to build/bench-logs/. Benchmarks report, they
# never fail the build: a slow machine gets "no" in the last column.
set -u
: "${KIO_BUILD:=build}"
logs="$KIO_BUILD/bench-logs"
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
	*) out=$("$b" 2>"$logs/$name.err") ;;
	esac
	printf '%s\n' "$out" >"$logs/$name.out"
	printf '%s\n' "$out" | grep '^BENCH	' >>"$rows" ||
		printf 'BENCH\t%s\t-\t-\t-\tno (no result, see %s)\n' "$name" "$logs/$name.err" >>"$rows"
done
printf '\n%-42s %12s %-8s %-14s %s\n' "benchmark" "value" "unit" "target" "meets"
printf '%s\n' "--------------------------------------------------------------------------------------"
awk -F'\t' '{ printf "%-42s %12s %-8s %-14s %s\n", $2, $3, $4, $5, $6 }' "$rows"
