#!/bin/bash
# Pronunciation lexicon: `segment --speech` says the replacement, plain `segment` is unchanged,
# bad lines are reported with their numbers, the default lexicon is found in the config dir.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d "$LECTOR_TEST_TMP/lexicon.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"

cat >"$tmp/article.txt" <<'TEXT'
When I visited the NSPCC, I met young people – the good and the bad.

Ofcom will act[3]. The NSPCC’s volunteers agreed.
TEXT
printf '# test lexicon\nNSPCC = N S P C C\nthis line is bad\nOfcom = Off com\n' >"$tmp/lex"

"$LECTOR" segment "$tmp/article.txt" >"$tmp/plain" 2>"$tmp/err" || fail "segment failed"
"$LECTOR" segment --lexicon "$tmp/lex" "$tmp/article.txt" >"$tmp/plain2" 2>>"$tmp/err" \
  || fail "segment --lexicon failed"
cmp -s "$tmp/plain" "$tmp/plain2" || fail "the lexicon changed the display text"
grep -q 'the NSPCC,' "$tmp/plain" || fail "display text lost NSPCC"

"$LECTOR" segment --speech --lexicon "$tmp/lex" "$tmp/article.txt" >"$tmp/speech" 2>"$tmp/err2" \
  || fail "segment --speech failed"
cat >"$tmp/want" <<'TEXT'
When I visited the N S P C C, I met young people, the good and the bad.

Off com will act.
The N S P C C's volunteers agreed.
TEXT
diff -u "$tmp/want" "$tmp/speech" >&2 || fail "speech text differs"
grep -q "lex:3: .*line skipped" "$tmp/err2" || fail "bad line 3 not reported: $(cat "$tmp/err2")"
[ "$(wc -l <"$tmp/err2")" -eq 1 ] || fail "want one warning: $(cat "$tmp/err2")"

# The default lexicon in $XDG_CONFIG_HOME/lector/lexicon, with the acronym rule.
mkdir -p "$XDG_CONFIG_HOME/lector"
printf '@spell-acronyms = yes\n' >"$XDG_CONFIG_HOME/lector/lexicon"
"$LECTOR" segment --speech "$tmp/article.txt" >"$tmp/speech2" 2>"$tmp/err3" || fail "default lexicon"
grep -q 'visited the N S P C C,' "$tmp/speech2" || fail "acronym rule not applied"
[ -s "$tmp/err3" ] && fail "unexpected stderr: $(cat "$tmp/err3")"

# A missing --lexicon is one line and exit 1.
"$LECTOR" segment --speech --lexicon "$tmp/nope" "$tmp/article.txt" >/dev/null 2>"$tmp/err4"
[ $? -eq 1 ] || fail "missing lexicon: want exit 1"
[ "$(wc -l <"$tmp/err4")" -eq 1 ] && grep -q "^lector: cannot read lexicon" "$tmp/err4" \
  || fail "missing lexicon message: $(cat "$tmp/err4")"
exit 0
