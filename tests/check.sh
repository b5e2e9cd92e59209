#!/bin/sh
# check.sh — `make check`: static checks that must stay clean.
#   1. cppcheck (warnings and portability) over app, drivers, tests/sim
#   2. clang-format --dry-run with the repository's .clang-format
#   3. banned functions (curl's checksrc idea): sprintf strcpy strcat atoi
#      atol gets strtok — use snprintf, memcpy with a size, strtol with
#      checks, strtok_r.
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

if [ "$status" -eq 0 ]; then
	echo "check: clean"
else
	echo "check: FAILED"
fi
exit "$status"
