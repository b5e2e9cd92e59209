#!/bin/sh
# check.sh — `make check`: static checks that must stay clean.
#   1. cppcheck (warnings and portability) over app, drivers, tests/sim
#   2. clang-format --dry-run with the repository's .clang-format
#   3. banned functions (curl's checksrc idea): sprintf strcpy strcat atoi
#      atol gets strtok — use snprintf, memcpy with a size, strtol with
#      checks, strtok_r.
#   4. no public function that only tests call (unless marked KIO_TEST_API)
#   5. staff texts: no sentence for technicians/officers in the staff .c files
#      (tests/staff-strings-check.py)
#   6. sizes: no file in app/ over 900 lines, no function over 120 lines
#      (print_steps in app/print/txn.c excepted)
# Each finding is printed; the exit status is 1 if there was any.
set -u
cd "$(dirname "$0")/.." || exit 1
status=0
dirs="app drivers tests"
existing() { for d in "$@"; do [ -d "$d" ] && printf '%s\n' "$d"; done; }

echo "== cppcheck"
if ! cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr \
	--std=c11 -D_GNU_SOURCE -I app -I drivers $(existing app drivers tests/sim); then
	echo "cppcheck: findings above"
	status=1
fi

echo "== clang-format"
files=$(find $(existing $dirs) -type f \( -name '*.c' -o -name '*.h' \) | sort)
if [ -n "$files" ]; then
	# shellcheck disable=SC2086
	if ! clang-format --dry-run --Werror $files; then
		echo "clang-format: run 'clang-format -i FILE' on the files above"
		status=1
	fi
fi

echo "== banned functions"
banned='\b(sprintf|strcpy|strcat|atoi|atol|gets|strtok)[[:space:]]*\('
# shellcheck disable=SC2046
if grep -rnE --include='*.c' --include='*.h' "$banned" $(existing $dirs); then
	echo "banned: use snprintf, memcpy with a size, strtol with checks, strtok_r"
	status=1
fi

echo "== public functions used outside tests/"
# A function declared in an app/ or drivers/ header is API only if app/ or
# drivers/ uses it (a call or a reference: an indented line; declarations and
# definitions start at column 0). One that only tests and benchmarks call is
# dead unless its declaration says KIO_TEST_API (core/err.h).
headers=$(find app drivers -name '*.h' | sort)
sources=$(find app drivers -name '*.c' -o -name '*.h' | sort)
# shellcheck disable=SC2086
decls=$(grep -hE '^[A-Za-z_].*\b(kio|ctl)_[a-z0-9_]+\(' $headers | grep -v '^#')
# Code lines only (comments cut), declarations and definitions left out.
# shellcheck disable=SC2086
code=$(sed -e 's|/\*.*||' -e 's|^[[:space:]]*\*.*||' $sources | grep -v '^[A-Za-z_]')
for name in $(printf '%s\n' "$decls" | grep -oE '\b(kio|ctl)_[a-z0-9_]+\(' | tr -d '(' | sort -u); do
	uses=$(printf '%s\n' "$code" | grep -cw "$name")
	marked=$(printf '%s\n' "$decls" | grep -E "\\b$name\\(" | grep -c 'KIO_TEST_API')
	if [ "$uses" -eq 0 ] && [ "$marked" -eq 0 ]; then
		echo "unused: $name is public but nothing outside tests/ calls it (delete it, or mark it KIO_TEST_API)"
		status=1
	elif [ "$uses" -gt 0 ] && [ "$marked" -gt 0 ]; then
		echo "mark: $name is marked KIO_TEST_API but app/ or drivers/ calls it"
		status=1
	fi
done

echo "== staff texts in assets/strings"
# Issue 15: what technicians and officers read is worded from assets/strings
# (both languages); these files send facts or keys, never sentences.
if ! python3 tests/staff-strings-check.py app/kiosk/staff.c app/kiosk/paper.c \
	app/kiosk/officer.c app/kiosk/services.c app/kiosk/kiosk.c app/core/sm-staff.c \
	app/core/facts.c app/ui/screens-staff.c app/ui/screens-officer.c app/print/report.c \
	app/print/testpage.c; then
	status=1
fi

echo "== sizes"
# No file in app/ over 900 lines; no function in app/ or drivers/ over 120
# lines (from its opening to its closing brace, both in column 0), except
# print_steps in app/print/txn.c: a numbered sequence kept whole on purpose.
for f in $(find app -name '*.c' -o -name '*.h' | sort); do
	n=$(wc -l <"$f")
	if [ "$n" -gt 900 ]; then
		echo "size: $f has $n lines (max 900): split it by job"
		status=1
	fi
done
# shellcheck disable=SC2046
long=$(awk '
	FNR == 1 { sig = ""; body = 0 }
	/^\{/ { body = 1; start = FNR; name = sig; next }
	/^\}/ { if (body && FNR - start + 1 > 120) printf "%s:%d: %s (%d lines)\n", FILENAME, start, name, FNR - start + 1; body = 0; next }
	!body && /^[A-Za-z_].*\(/ { sig = $0 }
' $(find app drivers -name '*.c' | sort) | grep -v '^app/print/txn.c:.*print_steps(')
if [ -n "$long" ]; then
	printf 'size: function over 120 lines: %s\n' "$long"
	status=1
fi

if [ "$status" -eq 0 ]; then
	echo "check: clean"
else
	echo "check: FAILED"
fi
exit "$status"
