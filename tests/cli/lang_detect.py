#!/usr/bin/env python3
"""Paragraph languages through `lector segment --json`, no --lang given:
- the German and French samples give every paragraph "de" / "fr";
- the mixed HTML page marks the French quotation "fr" and the rest "en";
- --lang overrides detection, and a malformed tag is a usage error (exit 2);
- detection accuracy: paragraphs of at least 40 words, written for this test, in languages of
  the benchmark file, each alone in a file: at least 95 % must come out right."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import SRC, TMP, check, finish, run  # noqa: E402

TEXTS = {
    "en": "The library on the river opened its new reading room last summer, and since then "
          "the building has been full from morning to night. Children come after school to "
          "read comics, students prepare their exams at the long tables, and older people meet "
          "on Thursday afternoons to talk about the books they have borrowed.",
    "de": "Die Bibliothek am Fluss hat im letzten Sommer ihren neuen Lesesaal eröffnet, und "
          "seitdem ist das Haus vom Morgen bis zum Abend voll. Kinder kommen nach der Schule, "
          "um Comics zu lesen, Studenten bereiten an den langen Tischen ihre Prüfungen vor, und "
          "ältere Menschen treffen sich am Donnerstag, um über die Bücher zu sprechen.",
    "fr": "La bibliothèque au bord du fleuve a ouvert sa nouvelle salle de lecture l'été "
          "dernier, et depuis, le bâtiment est plein du matin au soir. Les enfants viennent "
          "après l'école pour lire des bandes dessinées, les étudiants préparent leurs examens "
          "sur les grandes tables, et les personnes âgées se retrouvent le jeudi pour parler "
          "des livres qu'elles ont empruntés.",
    "es": "La biblioteca junto al río abrió su nueva sala de lectura el verano pasado, y desde "
          "entonces el edificio está lleno de la mañana a la noche. Los niños vienen después "
          "del colegio para leer cómics, los estudiantes preparan sus exámenes en las mesas "
          "largas, y las personas mayores se reúnen los jueves para hablar de los libros que "
          "han tomado prestados.",
    "it": "La biblioteca sul fiume ha aperto la sua nuova sala di lettura l'estate scorsa, e da "
          "allora l'edificio è pieno dalla mattina alla sera. I bambini vengono dopo la scuola "
          "per leggere i fumetti, gli studenti preparano i loro esami sui lunghi tavoli, e le "
          "persone anziane si incontrano il giovedì per parlare dei libri che hanno preso in "
          "prestito.",
    "nl": "De bibliotheek aan de rivier heeft vorige zomer haar nieuwe leeszaal geopend, en "
          "sindsdien is het gebouw van de ochtend tot de avond vol. Kinderen komen na school "
          "om strips te lezen, studenten bereiden hun examens voor aan de lange tafels, en "
          "oudere mensen komen op donderdag samen om te praten over de boeken die ze hebben "
          "geleend.",
    "da": "Biblioteket ved floden åbnede sin nye læsesal sidste sommer, og siden da har huset "
          "været fuldt fra morgen til aften. Børnene kommer efter skole for at læse tegneserier, "
          "de studerende forbereder deres eksamener ved de lange borde, og de ældre mødes om "
          "torsdagen for at tale om de bøger, som de har lånt på biblioteket.",
    "pl": "Biblioteka nad rzeką otworzyła zeszłego lata nową czytelnię i od tego czasu budynek "
          "jest pełny od rana do wieczora. Dzieci przychodzą po szkole, żeby czytać komiksy, "
          "studenci przygotowują się do egzaminów przy długich stołach, a starsi ludzie "
          "spotykają się w czwartki, aby rozmawiać o książkach, które wypożyczyli.",
    "ru": "Библиотека у реки прошлым летом открыла новый читальный зал, и с тех пор здание "
          "полно людей с утра до вечера. Дети приходят после школы, чтобы читать комиксы, "
          "студенты готовятся к экзаменам за длинными столами, а пожилые люди встречаются по "
          "четвергам, чтобы поговорить о книгах, которые они взяли почитать.",
    "bg": "Библиотеката край реката отвори новата си читалня миналото лято и оттогава сградата "
          "е пълна от сутрин до вечер. Децата идват след училище, за да четат комикси, "
          "студентите се подготвят за изпитите си на дългите маси, а възрастните хора се "
          "срещат в четвъртък, за да говорят за книгите, които са взели.",
    "el": "Η βιβλιοθήκη δίπλα στο ποτάμι άνοιξε το καινούργιο αναγνωστήριο το περασμένο "
          "καλοκαίρι, και από τότε το κτίριο είναι γεμάτο από το πρωί ως το βράδυ. Τα παιδιά "
          "έρχονται μετά το σχολείο για να διαβάσουν κόμικ, οι φοιτητές προετοιμάζονται για "
          "τις εξετάσεις τους στα μεγάλα τραπέζια, και οι ηλικιωμένοι συναντιούνται κάθε "
          "Πέμπτη για να μιλήσουν για τα βιβλία που δανείστηκαν.",
    "ar": "افتتحت المكتبة القريبة من النهر قاعة القراءة الجديدة في الصيف الماضي، ومنذ ذلك "
          "الحين أصبح المبنى ممتلئا من الصباح حتى المساء. يأتي الأطفال بعد المدرسة لقراءة "
          "القصص المصورة، ويستعد الطلاب لامتحاناتهم على الطاولات الطويلة، ويلتقي كبار السن "
          "يوم الخميس للحديث عن الكتب التي استعاروها من المكتبة في الأسبوع الماضي.",
}


def langs(path, *extra):
    p = run("segment", "--json", *extra, path)
    check(p.returncode == 0, f"segment {path}: exit {p.returncode}: {p.stderr}")
    if p.returncode != 0:
        return []
    return [para.get("lang") for para in json.loads(p.stdout)["paragraphs"]]


def main():
    samples = os.path.join(SRC, "samples")
    de = langs(os.path.join(samples, "german-article.txt"))
    check(de and all(lang == "de" for lang in de), f"German sample: {de}")
    fr = langs(os.path.join(samples, "french-article.txt"))
    check(fr and all(lang == "fr" for lang in fr), f"French sample: {fr}")
    mixed = langs(os.path.join(samples, "mixed-quotation.html"))
    check(mixed.count("fr") == 1 and mixed.count("en") == len(mixed) - 1,
          f"mixed page: {mixed}")
    forced = langs(os.path.join(samples, "german-article.txt"), "--lang", "fr")
    check(forced and all(lang == "fr" for lang in forced), f"--lang fr: {forced}")
    bad = run("segment", "--lang", "no such", os.path.join(samples, "german-article.txt"))
    check(bad.returncode == 2 and "--lang" in bad.stderr, f"bad tag: {bad.returncode}")

    right = 0
    for want, text in TEXTS.items():
        check(len(text.split()) >= 40, f"{want}: the test text has fewer than 40 words")
        path = os.path.join(TMP, f"{want}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        got = langs(path)
        ok = got == [want]
        right += ok
        if not ok:
            print(f"  {want}: detected {got}")
    print(f"detection: {right} of {len(TEXTS)} right")
    check(right >= 0.95 * len(TEXTS), f"detection: {right} of {len(TEXTS)} right")
    finish()


main()
