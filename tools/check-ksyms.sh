#!/usr/bin/env bash
# Both link passes must place every text symbol at the same address, or the
# backtrace table would name the wrong functions.
set -eu
a=$(nm -n "$1" | awk '$2 ~ /^[tT]$/ {print $1, $3}' | md5sum)
b=$(nm -n "$2" | awk '$2 ~ /^[tT]$/ {print $1, $3}' | md5sum)
[ "$a" = "$b" ] || { echo "check-ksyms: text moved between link passes" >&2; exit 1; }
