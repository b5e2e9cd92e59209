#!/usr/bin/env python3
"""staff-strings-check.py — `make check` (tests/check.sh): no Indonesian or
English sentence shown to staff is left in a .c file (issue 15).

In the files that make what technicians and officers read, a string literal
of two or more words is a finding unless its statement only logs or writes to
the terminal (kio_error/kio_warn/kio_info, fprintf, printf: journal and
adm-kioskctl output, not screens). Words shown to staff live in
assets/strings; workers send facts (keys and values) instead.
A literal that names a staff strings key (tech.fact.*, officer.*, report.*,
testpage.*, ...) must have a text in assets/strings/id.ini and en.ini.
Prints each finding as FILE:LINE: "text"; exit status 1 if there is any.
"""
import re
import sys

FILES = sys.argv[1:]
# Two words starting with a capital ("Kertas habis"), or three words.
SENTENCE = re.compile(r"[A-Z][a-z]+ +[A-Za-z]{2,}|[A-Za-z]{2,} +[A-Za-z]{2,} +[A-Za-z]{2,}")
# Not words for people: a font name, the QR payload's machine format.
ALLOW = {"DejaVu Sans", "adm-kiosk log-head %s %"}
LOGGING = re.compile(r"\b(kio_error|kio_warn|kio_info|kio_debug|fprintf|printf|perror)\s*\(")
LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"')

KEYED = re.compile(r"(tech\.(fact|action|page|cups)|officer|report|testpage|time)\.[a-z0-9_.\-]+")


def ini_keys(path):
    keys = set()
    for line in open(path, encoding="utf-8"):
        m = re.match(r"([a-z][A-Za-z0-9_.\-]*) *=", line)
        if m:
            keys.add(m.group(1))
    return keys


# Print-log event types that share a prefix with strings keys.
EVENT_TYPES = {"testpage.printed", "report.printed"}
ROOT = __file__.rsplit("/", 2)[0]
LANGS = {lang: ini_keys(f"{ROOT}/assets/strings/{lang}.ini") for lang in ("id", "en")}

bad = 0
for path in FILES:
    src = open(path, encoding="utf-8").read()
    # Comments out, line breaks kept so line numbers stay right.
    src = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), src, flags=re.S)
    src = re.sub(r"//[^\n]*", "", src)
    code = re.sub(r"^\s*#\s*include[^\n]*", "", src, flags=re.M)
    for m in LITERAL.finditer(code):
        text = m.group(0)[1:-1]
        if KEYED.fullmatch(text) and text not in EVENT_TYPES:
            for lang, keys in LANGS.items():
                if text not in keys:
                    line = code.count("\n", 0, m.start()) + 1
                    print(f'{path}:{line}: "{text}" has no text in {lang}.ini')
                    bad += 1
            continue
        if not SENTENCE.search(text) or text in ALLOW:
            continue
        if re.match(r"\s*(SELECT|INSERT|UPDATE|CREATE|DELETE)\b|^ (AND|FROM|WHERE|ORDER)\b", text):
            continue
        start = max(code.rfind(";", 0, m.start()), code.rfind("{", 0, m.start()),
                    code.rfind("}", 0, m.start()))
        if LOGGING.search(code[start + 1:m.start()]):
            continue
        line = code.count("\n", 0, m.start()) + 1
        print(f'{path}:{line}: "{text}"')
        bad += 1
if bad:
    print("staff strings: a sentence for staff belongs in assets/strings (id.ini and en.ini)")
sys.exit(1 if bad else 0)
