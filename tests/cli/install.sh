#!/bin/bash
# Getting started (issue 20): scripts/install puts lector, its man page and its voice profiles
# into PREFIX and says where lector went and whether that is on PATH; the installed lector runs
# and finds its voices there. scripts/run reads standard input with "-". Both reuse the build
# under test (LECTOR_BUILD_DIR): nothing is compiled here.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v cmake >/dev/null || { echo "SKIP: no cmake"; exit 77; }
build=$(dirname "$LECTOR")
[ -f "$build/cmake_install.cmake" ] || { echo "SKIP: $build is no cmake build directory"; exit 77; }
tmp=$(mktemp -d "$LECTOR_TEST_TMP/install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$LECTOR_SOURCE_DIR" || exit 1
export LECTOR_BUILD_DIR="$build"

prefix="$tmp/prefix with space"
PREFIX="$prefix" PATH="/usr/bin:/bin" scripts/install >"$tmp/out" 2>"$tmp/err" \
  || fail "scripts/install exited $?: $(cat "$tmp/err")"
[ -x "$prefix/bin/lector" ] || fail "no $prefix/bin/lector"
[ -f "$prefix/share/man/man1/lector.1" ] || fail "no man page"
for p in default learner fast faster us british; do
  [ -f "$prefix/share/lector/voices/$p.ini" ] || fail "voice profile $p not installed"
done
grep -q "Installed $prefix/bin/lector" "$tmp/out" || fail "does not say where lector went: $(cat "$tmp/out")"
grep -q "$prefix/bin is not on your PATH" "$tmp/out" || fail "does not say it is not on PATH: $(cat "$tmp/out")"
PREFIX="$prefix" PATH="$prefix/bin:/usr/bin:/bin" scripts/install >"$tmp/out" 2>&1 \
  || fail "scripts/install again exited $?"
grep -q "$prefix/bin is on your PATH" "$tmp/out" || fail "does not say it is on PATH: $(cat "$tmp/out")"

version=$("$prefix/bin/lector" --version) || fail "the installed lector --version exited $?"
[ "$version" = "$("$LECTOR" --version)" ] || fail "installed version '$version'"
# The installed voices are found beside the binary even with the source tree out of sight.
mkdir -p "$tmp/cfg"
XDG_CONFIG_HOME="$tmp/cfg" "$prefix/bin/lector" voices >"$tmp/voices" 2>&1 \
  || fail "the installed lector voices exited $?"
grep -Eq '^  learner +en +130 ' "$tmp/voices" || fail "the installed lector lists no learner profile"

# scripts/run -: standard input, not the sample as a second file.
printf 'Read from a pipe.\n' | XDG_STATE_HOME="$tmp/state" setsid -w scripts/run --plain \
  --audio null - >"$tmp/run" 2>"$tmp/err" || fail "scripts/run - exited $?: $(cat "$tmp/err")"
grep -q 'Read from a pipe.' "$tmp/run" || fail "scripts/run - did not read stdin: $(cat "$tmp/run" "$tmp/err")"
exit 0
