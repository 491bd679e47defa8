#!/usr/bin/env bash
# Makes the fixtures only a real office suite can write: the old binary formats (.xls, .doc), from
# the generated Office fixtures (fixtures/office). Run by hand after regenerating those (Debian:
# apt-get install libreoffice-calc-nogui libreoffice-writer-nogui); the results are committed, and
# tests read them as they are.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
src="$root/fixtures/office"
out="$src/libreoffice"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cp "$src/003.layout1.xlsx" "$src/002.overall.xlsx" "$src/004.layout2-merged.xlsx" "$src/001.layout1.docx" "$work/"
cd "$work"
soffice --headless --convert-to xls 003.layout1.xlsx 002.overall.xlsx 004.layout2-merged.xlsx >/dev/null
soffice --headless --convert-to doc 001.layout1.docx >/dev/null
cp 003.layout1.xls 002.overall.xls 004.layout2-merged.xls "$out/"
cp 001.layout1.doc "$out/word97-from-001.layout1.doc"
ls -l "$out"
