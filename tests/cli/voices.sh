#!/bin/bash
# lector voices: lists the shipped profiles and the installed espeak-ng voices; a user's profile
# joins the list, a broken one does not.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d "$LECTOR_TEST_TMP/voices.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"

"$LECTOR" voices >"$tmp/out" 2>"$tmp/err" || fail "lector voices exited $?"
[ -s "$tmp/err" ] && fail "stderr not empty: $(cat "$tmp/err")"
for p in default learner fast us british; do
  grep -Eq "^  $p +[^ ]+ +[0-9]+ +[^ ]" "$tmp/out" || fail "profile $p not listed"
done
grep -Eq '^  fast +en +300 ' "$tmp/out" || fail "fast profile: voice or speed wrong"
grep -Eq '^  british +en-gb\+f3 ' "$tmp/out" || fail "british profile: voice wrong"
grep -Eq '^  en-US +English \(America\) +en-us' "$tmp/out" || fail "espeak-ng voice en-US not listed"
grep -Eq '^  en +English \(Great Britain\) +en-gb' "$tmp/out" || fail "espeak-ng voice en not listed"
grep -q 'f3' "$tmp/out" || fail "variants not listed"

mkdir -p "$XDG_CONFIG_HOME/lector/voices"
printf '[voice]\ndescription = My own voice\nespeak = en+m3\nspeed = 190\n' \
  >"$XDG_CONFIG_HOME/lector/voices/mine.ini"
printf '[voice]\nspeed = 9000\n' >"$XDG_CONFIG_HOME/lector/voices/broken.ini"
"$LECTOR" voices >"$tmp/out2" 2>"$tmp/err" || fail "lector voices exited $? with a user profile"
grep -Eq '^  mine +en\+m3 +190 +My own voice$' "$tmp/out2" || fail "user profile not listed"
grep -q '^  broken ' "$tmp/out2" && fail "a broken profile is listed"

"$LECTOR" voices extra.txt >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "voices with a file: want exit 2"
exit 0
