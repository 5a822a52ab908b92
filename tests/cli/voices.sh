#!/bin/bash
# lector voices: lists the shipped profiles and the installed espeak-ng voices; a user's profile
# joins the list. A bad line of a profile is reported with its number and skipped, in the list and
# with -v; a file that is no profile at all is left out with a warning.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d "$LECTOR_TEST_TMP/voices.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"

"$LECTOR" voices >"$tmp/out" 2>"$tmp/err" || fail "lector voices exited $?"
[ -s "$tmp/err" ] && fail "stderr not empty: $(cat "$tmp/err")"
for p in default learner fast faster us british; do
  grep -Eq "^  $p +[^ ]+ +[0-9]+ +[^ ]" "$tmp/out" || fail "profile $p not listed"
done
grep -Eq '^  fast +en +450 ' "$tmp/out" || fail "fast profile: voice or speed wrong"
grep -Eq '^  faster +en +750 ' "$tmp/out" || fail "faster profile: voice or speed wrong"
grep -Eq '^  british +en-gb\+f3 ' "$tmp/out" || fail "british profile: voice wrong"
grep -Eq '^    en-US +English \(America\) +en-us' "$tmp/out" || fail "espeak-ng voice en-US not listed"
# Grouped by language, the voice lector picks for each marked (issue 14).
grep -Eq '^  \* en +English \(Great Britain\) +en-gb' "$tmp/out" \
  || fail "espeak-ng voice en not listed as the pick for English"
sed -n '/^  de  German$/,/^  [a-z]/p' "$tmp/out" | grep -Eq '^  \* de +German +de' \
  || fail "German is not a group with de marked: $(grep -A2 '^  de' "$tmp/out")"
sed -n '/^  fr  French$/,/^  [a-z]/p' "$tmp/out" >"$tmp/fr"
grep -Eq '^  \* fr +French \(France\)' "$tmp/fr" && grep -Eq '^    fr-BE +French \(Belgium\)' "$tmp/fr" \
  || fail "French is not a group of its voices with fr marked: $(cat "$tmp/fr")"
[ "$(grep -c '^  \*' "$tmp/fr")" -eq 1 ] || fail "more than one French pick: $(cat "$tmp/fr")"
grep -q 'f3' "$tmp/out" || fail "variants not listed"

mkdir -p "$XDG_CONFIG_HOME/lector/voices"
printf '[voice]\ndescription = My own voice\nespeak = en+m3\nspeed = 190\n' \
  >"$XDG_CONFIG_HOME/lector/voices/mine.ini"
printf '[voice]\ndescription = Slower\nspeed = 9000\nespeak = en+f2\n' \
  >"$XDG_CONFIG_HOME/lector/voices/broken.ini"
printf '[voice]\n\0\n' >"$XDG_CONFIG_HOME/lector/voices/binary.ini"
"$LECTOR" voices >"$tmp/out2" 2>"$tmp/err" || fail "lector voices exited $? with a user profile"
grep -Eq '^  mine +en\+m3 +190 +My own voice$' "$tmp/out2" || fail "user profile not listed"
grep -Eq '^  broken +en\+f2 +175 +Slower$' "$tmp/out2" \
  || fail "a profile with a bad line is not listed with the rest of its lines: $(head -n 12 "$tmp/out2")"
grep -q 'broken.ini:3: speed must be a number from 80 to 900 (line skipped)' "$tmp/err" \
  || fail "the bad line is not reported with its number: $(cat "$tmp/err")"
grep -q '^  binary ' "$tmp/out2" && fail "a file that is no profile is listed"
grep -q 'binary.ini: not a voice profile; left out' "$tmp/err" \
  || fail "a file that is no profile is left out silently: $(cat "$tmp/err")"

# -v with that profile reads with the rest of it, the warning on stderr.
printf 'Hello there.\n' >"$tmp/in.txt"
"$LECTOR" export -q -v broken "$tmp/in.txt" -o "$tmp/out.wav" 2>"$tmp/err" \
  || fail "-v broken exited $?: $(cat "$tmp/err")"
[ -s "$tmp/out.wav" ] || fail "-v broken wrote no audio"
grep -q 'broken.ini:3: speed must be a number' "$tmp/err" || fail "-v broken: no warning on stderr"
[ "$(grep -c . "$tmp/err")" -eq 1 ] || fail "-v broken: want one warning: $(cat "$tmp/err")"
"$LECTOR" export -q -v binary "$tmp/in.txt" -o "$tmp/out2.wav" 2>"$tmp/err"
[ $? -eq 1 ] || fail "-v naming a file that is no profile: want exit 1"
grep -q 'not a voice profile' "$tmp/err" || fail "-v binary: no reason given"

# A profile may name its voice by a language code that no voice file has (en-gb, as -v allows).
printf '[voice]\ndescription = By language\nespeak = en-gb\n' \
  >"$XDG_CONFIG_HOME/lector/voices/bylang.ini"
"$LECTOR" export -q -v bylang "$tmp/in.txt" -o "$tmp/bylang.wav" 2>"$tmp/err" \
  || fail "a profile with espeak = en-gb exited $?: $(cat "$tmp/err")"
[ "$(stat -c %s "$tmp/bylang.wav")" -gt 10000 ] || fail "espeak = en-gb: no audio written"
printf '[voice]\ndescription = Nothing\nespeak = xx-nothing\n' \
  >"$XDG_CONFIG_HOME/lector/voices/nothing.ini"
"$LECTOR" export -q -v nothing "$tmp/in.txt" -o "$tmp/nothing.wav" 2>"$tmp/err"
[ $? -eq 1 ] || fail "a profile naming no voice nor language: want exit 1"
[ -e "$tmp/nothing.wav" ] && fail "a profile naming no voice left a file behind"

"$LECTOR" voices extra.txt >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "voices with a file: want exit 2"
exit 0
