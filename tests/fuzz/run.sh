#!/bin/sh
# run.sh — `make fuzz FUZZ_SECONDS=N`: builds one libFuzzer binary per parser
# (clang, ASan+UBSan+fuzzer), runs each for N seconds on a working copy of
# its seed corpus, and fails on any crash, leak, timeout or property failure.
# Crash inputs land in build/fuzz/crashes/<target>/: add them to
# tests/fuzz/regress/<target>/ so the normal suite (test_fuzz_regress) keeps
# replaying them.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
: "${FUZZ_SECONDS:=30}"
out=build/fuzz
mkdir -p "$out/corpus" "$out/crashes"
command -v clang >/dev/null || { echo "fuzz: clang missing (Debian package clang)"; exit 1; }
SRC="tests/fuzz/fuzz_main.c app/net/api.c app/core/err.c app/core/config.c app/core/ini.c app/core/nik.c \
app/kiosk/script.c app/core/log.c app/core/scan.c"
FLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
-fno-sanitize-recover=undefined -Iapp -Idrivers -Itests/fuzz $(pkg-config --cflags jansson)"
LIBS="$(pkg-config --libs jansson)"
targets=$(sed -n 's/.*{"\([a-z_]*\)", kio_fuzz_[a-z_]*}.*/\1/p' tests/fuzz/targets.h | tr '\n' ' ')
targets="$targets $(grep -o '{"[a-z_]*", kio_fuzz_[a-z_]*}' tests/fuzz/targets.h |
	sed 's/{"\([a-z_]*\)".*/\1/' | tr '\n' ' ')"
targets=$(echo "$targets" | tr ' ' '\n' | sort -u | tr '\n' ' ')
summary="$out/summary.txt"
: >"$summary"
fail=0
for t in $targets; do
	bin="$out/fuzz_$t"
	# shellcheck disable=SC2086
	clang $FLAGS -o "$bin" $SRC $LIBS 2>"$out/$t.build.log" ||
		{ echo "fuzz: build of $t failed (package libclang-rt-14-dev?)"; cat "$out/$t.build.log"; exit 1; }
	work="$out/corpus/$t"
	mkdir -p "$work" "$out/crashes/$t"
	[ -d "tests/fuzz/$t" ] && cp -n tests/fuzz/"$t"/* "$work"/ 2>/dev/null
	start=$(date +%s)
	"$bin" "$work" -max_total_time="$FUZZ_SECONDS" -timeout=5 -rss_limit_mb=1024 \
		-detect_leaks=1 -print_final_stats=1 -artifact_prefix="$out/crashes/$t/" \
		>"$out/$t.log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -n 1)
	files=$(ls "$work" | wc -l)
	crashes=$(ls "$out/crashes/$t" | wc -l)
	line=$(printf '%-12s %4s s  %10s execs  corpus %5s  crashes %s' "$t" "$secs" "${execs:-?}" "$files" "$crashes")
	echo "$line" | tee -a "$summary"
	if [ $rc -ne 0 ] || [ "$crashes" -ne 0 ]; then
		fail=1
		grep -E 'ERROR|SUMMARY|property' "$out/$t.log" | head -n 5
	fi
done
[ $fail -eq 0 ] && echo "fuzz: clean" || echo "fuzz: FAILED (inputs in $out/crashes)"
exit $fail
