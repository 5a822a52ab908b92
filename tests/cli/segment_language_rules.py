#!/usr/bin/env python3
"""Sentences by language through `lector segment --lang XX FILE`, on texts written for this test
(not the benchmark's): quotations and brackets that keep their inner sentence ends, a citation
after a quotation, ordinals, dotted abbreviations and missing spaces in other scripts, reported
speech after ? and !, Arabic enumerations, the Armenian colon before a number, CJK terminators
inside brackets, and hard-wrapped Chinese lines joined without a space."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import TMP, check, finish, run  # noqa: E402

CASES = [
    # A quotation that closes soon keeps its sentences; the sentence ends after it.
    ("en", 'He shouted, "Run! The bridge is falling!" and we ran. Nobody looked back.',
     ['He shouted, "Run! The bridge is falling!" and we ran.', "Nobody looked back."]),
    ("en", "The guide (see p. 4. It is short.) helps. Read it first.",
     ["The guide (see p. 4. It is short.) helps.", "Read it first."]),
    ("en", '"Wait here. I will be back." (His words, not mine.) Then he left.',
     ['"Wait here. I will be back." (His words, not mine.)', "Then he left."]),
    ("fr", "Il a écrit « Non. Jamais. » sur la porte. Puis il est parti.",
     ["Il a écrit « Non. Jamais. » sur la porte.", "Puis il est parti."]),
    ("de", "Sie rief: „Komm her! Schnell!“ Dann war es still. Im 4. Stock brannte Licht.",
     ["Sie rief: „Komm her! Schnell!“", "Dann war es still.", "Im 4. Stock brannte Licht."]),
    ("de", "Die Sitzung findet am 8. März statt. Der 2. Termin folgt.",
     ["Die Sitzung findet am 8. März statt.", "Der 2. Termin folgt."]),
    ("ru", "«Ты придёшь? – спросил он. – Я жду». Она кивнула.",
     ["«Ты придёшь? – спросил он. – Я жду».", "Она кивнула."]),
    ("ru", "Где ты был?! – закричала она. Он молчал.",
     ["Где ты был?! – закричала она.", "Он молчал."]),
    ("kk", "Бұл оқиға б.з.д. 5 ғасырда болды. Кітап 1998 ж. шықты.",
     ["Бұл оқиға б.з.д. 5 ғасырда болды.", "Кітап 1998 ж. шықты."]),
    ("ru", "Он вернулся домой.Утром всё было тихо.",
     ["Он вернулся домой.", "Утром всё было тихо."]),
    ("ar", "اشترى الخبز، والحليب، ثم عاد إلى البيت، وبدأ العمل",
     ["اشترى الخبز، والحليب،", "ثم عاد إلى البيت،", "وبدأ العمل"]),
    ("hy", "Գիրքը լույս տեսավ 2001 թվականին: 3-րդ հատորը ավելի ուշ եկավ:",
     ["Գիրքը լույս տեսավ 2001 թվականին:", "3-րդ հատորը ավելի ուշ եկավ:"]),
    ("zh", "他说：“我们走吧！”她没有回答。我们看了《你好！世界》。",
     ["他说：“我们走吧！”", "她没有回答。", "我们看了《你好！世界》。"]),
    ("ja", "今日は雨です（明日は晴れ。たぶん）。散歩に行きます。",
     ["今日は雨です（明日は晴れ。たぶん）。", "散歩に行きます。"]),
    ("zh", "今天天气很\n好。我们去公园。",
     ["今天天气很好。", "我们去公园。"]),
    ("da", "Vi mødtes i E.U. Det var koldt.", ["Vi mødtes i E.U.", "Det var koldt."]),
]


def main():
    for n, (lang, text, want) in enumerate(CASES):
        path = os.path.join(TMP, f"case{n}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        p = run("segment", "--lang", lang, path)
        check(p.returncode == 0, f"{lang} case {n}: exit {p.returncode}: {p.stderr}")
        got = [line for line in p.stdout.splitlines() if line.strip()]
        check(got == want, f"{lang} case {n}:\n  got  {got}\n  want {want}")
    finish()


main()
