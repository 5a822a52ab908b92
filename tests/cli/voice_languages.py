#!/usr/bin/env python3
"""The voice follows the language (issue 14), through the built binary:
- languages the file states: HTML lang=/xml:lang on inner elements (a paragraph in another
  language, a quotation inside an English paragraph as a span), Markdown front matter lang:;
- `lector export` of the mixed English/French page speaks the quotation with a French voice and
  the rest with an English one: the timings JSON names lang and voice per paragraph and per span,
  the span's words are timed inside their paragraph, and the audio there differs from the same
  page read all in English (--lang en); the audio is the same for every -j;
- a language espeak-ng has no voice for is read with the document's voice, said once on stderr."""
import json
import os
import sys
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import SRC, TMP, check, finish, run  # noqa: E402

MIXED = os.path.join(SRC, "samples", "mixed-quotation.html")


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def segment_json(path, *extra):
    p = run("segment", "--json", *extra, path)
    check(p.returncode == 0, f"segment {path}: exit {p.returncode}: {p.stderr}")
    return json.loads(p.stdout) if p.returncode == 0 else {"paragraphs": []}


def text_of(para):
    return " ".join(s["text"] for s in para["sentences"])


def test_stated_languages():
    html = write("inner.html", '<html lang="en"><body>'
                 '<p>He said <q lang="fr">bonjour mes amis</q> and left, then'
                 ' <span xml:lang="de">guten Tag</span> to the rest of the room.</p>'
                 '<div lang="de"><p>Ein ganzer Absatz auf Deutsch mit'
                 ' <i lang="en">English words</i> darin.</p></div></body></html>')
    paras = segment_json(html)["paragraphs"]
    check(len(paras) == 2, f"inner.html: want 2 paragraphs, got {paras}")
    if len(paras) == 2:
        spans = [(s["lang"], s["text"]) for s in paras[0].get("spans", [])]
        check(paras[0]["lang"] == "en" and spans == [("fr", "bonjour mes amis"),
                                                      ("de", "guten Tag")],
              f"an English paragraph with a French <q> and a German xml:lang span: {paras[0]}")
        spans = [(s["lang"], s["text"]) for s in paras[1].get("spans", [])]
        check(paras[1]["lang"] == "de" and spans == [("en", "English words")],
              f"a <div lang=de> paragraph with English inside: {paras[1]}")

    odd = write("odd.html", '<html lang="en"><body><p>Plain words <b lang="">empty tag</b>,'
                ' <i lang="not a tag!">a bad one</i> and <span lang="fr"></span> an empty'
                ' element.</p></body></html>')
    paras = segment_json(odd)["paragraphs"]
    check(len(paras) == 1 and paras[0]["lang"] == "en" and "spans" not in paras[0],
          f"empty or invalid lang= marks nothing: {paras}")

    md = write("front.md", "---\ntitle: Ein Test\nlang: de\n---\n\n# Kopf\n\nHallo Welt.\n")
    doc = segment_json(md)
    langs = [p.get("lang") for p in doc["paragraphs"]]
    texts = [text_of(p) for p in doc["paragraphs"]]
    check(langs == ["de", "de"] and texts == ["Kopf", "Hallo Welt."],
          f"front matter lang: de: want two German paragraphs and no front matter, got "
          f"{list(zip(langs, texts))}")
    check(doc["meta"].get("lang") == "de" and doc["meta"].get("title") == "Ein Test",
          f"front matter: meta {doc['meta']}")

    paras = segment_json(MIXED)["paragraphs"]
    quote = [p for p in paras if p["kind"] == "quote"]
    check(len(quote) == 1 and quote[0]["lang"] == "fr", f"the mixed page's quotation: {quote}")
    others = [p for p in paras if p["kind"] != "quote"]
    check(all(p["lang"] == "en" for p in others), f"the rest of the mixed page: {others}")
    spans = [s["text"] for p in others for s in p.get("spans", []) if s["lang"] == "fr"]
    check(spans == ["encore une fois", "tout vient à point à qui sait attendre"],
          f"the French phrases inside English paragraphs: {spans}")


def export(name, *extra):
    wav, timings = os.path.join(TMP, name + ".wav"), os.path.join(TMP, name + ".json")
    p = run("export", "-q", *extra, MIXED, "-o", wav, "--timings", timings)
    check(p.returncode == 0, f"export {name}: exit {p.returncode}: {p.stderr}")
    with open(timings, encoding="utf-8") as f:
        return wav, json.load(f), p.stderr


def samples(wav, start, end):
    with wave.open(wav) as w:
        rate = w.getframerate()
        w.setpos(int(start * rate))
        return w.readframes(int((end - start) * rate))


def test_export_voices():
    wav, t, _ = export("mixed")
    paras = t["paragraphs"]
    check(all("index" in p and "kind" in p and "sentences" in p for p in paras),
          "the timings' paragraphs lost their keys")
    quote = [p for p in paras if p["kind"] == "quote"]
    check(len(quote) == 1 and quote[0]["lang"] == "fr" and
          quote[0]["voice"].startswith("French"), f"the quotation's voice: {quote}")
    others = [p for p in paras if p["kind"] != "quote"]
    check(others and all(p["lang"] == "en" and p["voice"].startswith("English")
                         for p in others), f"the English paragraphs' voices: {others}")
    spans = [(p, s) for p in others for s in p.get("spans", [])]
    check(len(spans) == 2 and all(s["lang"] == "fr" and s["voice"].startswith("French")
                                  for _, s in spans),
          f"the French spans inside English paragraphs: {spans}")
    for p, s in spans:
        words = [w for sent in p["sentences"] for w in sent["words"]]
        inside = [w for w in words if s["start"] <= w["start"] and w["end"] <= s["end"]]
        check([w["text"] for w in inside] == s["text"].split(),
              f"the span {s['text']!r}: its words are not timed inside it: {inside}")
        check(p["start"] < s["start"] < s["end"] < p["end"],
              f"the span {s['text']!r} is not heard inside its paragraph: {s} in {p['start']}"
              f"-{p['end']}")

    english, te, _ = export("english", "--lang", "en")
    q_en = [p for p in te["paragraphs"] if p["kind"] == "quote"]
    check(q_en and q_en[0]["voice"].startswith("English"), f"--lang en: the quotation {q_en}")
    if quote and q_en:
        a = samples(wav, quote[0]["start"], quote[0]["end"])
        b = samples(english, q_en[0]["start"], q_en[0]["end"])
        check(a != b, "the quotation sounds the same in the French and the English voice")
    for i, (p, s) in enumerate(spans):
        pe = te["paragraphs"][p["index"]]
        check(not pe.get("spans"), f"--lang en: no span in another voice: {pe.get('spans')}")
        # The same words in the English reading: timed, but said in another length of time.
        words = [w for sent in pe["sentences"] for w in sent["words"]]
        n = len(s["text"].split())
        at = [k for k in range(len(words) - n + 1)
              if [w["text"] for w in words[k:k + n]] == s["text"].split()]
        check(len(at) == 1, f"span {i}: its words are not in the English reading once: {at}")
        if len(at) == 1:
            said = words[at[0] + n - 1]["end"] - words[at[0]]["start"]
            check(abs(said - (s["end"] - s["start"])) > 0.01,
                  f"span {i}: {s['text']!r} takes as long in the English voice as in French")

    one, _, _ = export("j1", "-j", "1")
    three, _, _ = export("j3", "-j", "3")
    with open(one, "rb") as f1, open(three, "rb") as f3:
        check(f1.read() == f3.read(), "the mixed page's audio differs between -j 1 and -j 3")


def test_missing_voice():
    html = write("klingon.html", '<html lang="en"><body><p>The captain raised his glass and'
                 ' said <q lang="tlh">Qapla</q> twice, then <q lang="tlh">Qapla</q> again.</p>'
                 '</body></html>')
    out = os.path.join(TMP, "k.wav")
    p = run("export", "-q", html, "-o", out, "--timings", out + ".json")
    check(p.returncode == 0 and os.path.getsize(out) > 44, f"export tlh: exit {p.returncode}")
    lines = [line for line in p.stderr.splitlines() if "tlh" in line]
    check(len(lines) == 1 and "no espeak-ng voice" in lines[0],
          f"want one notice for the language espeak-ng lacks: {p.stderr!r}")
    with open(out + ".json", encoding="utf-8") as f:
        para = json.load(f)["paragraphs"][0]
    check(para["voice"].startswith("English") and not para.get("spans"),
          f"the Klingon words are read with the document's voice: {para}")


test_stated_languages()
test_export_voices()
test_missing_voice()
finish()
