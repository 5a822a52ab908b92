"""A web page in the reader, from a local server (tests/lib/webserver.py): the top line shows the
page's title (og:title, not the <title> with its site name), t says the title and the byline,
and after moving three paragraphs and q, opening the page again resumes there — also when it is
reached through redirects, as the final URL is the page's name."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402
from webserver import Server  # noqa: E402

PAGE = """<!DOCTYPE html><html lang="en"><head>
<title>The Lighthouse Keeper | Coast Gazette</title>
<meta property="og:title" content="The Lighthouse Keeper"><meta name="author" content="Ann Lee">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>
<p>The lamp was lit every evening at dusk, whatever the weather.</p>
<p>Ships passed the rocks safely for forty years.</p>
<p>The keeper wrote the weather in a book each morning.</p>
<p>Storms came in the winter and the glass rattled.</p>
<p>In spring the birds returned to the cliffs.</p>
<p>The light was automated in the end, and the keeper moved inland.</p>
</article></body></html>"""


def test_web_page(tmp):
    with Server() as web:
        url = web.add("keeper.html", PAGE)
        n = len(T.segment(url))
        T.expect(n == 6, "the page has %d paragraphs, not 6" % n)
        with T.Session(tmp) as s:
            s.start(["--audio", "null", "--paused", web.url("redirect/2/keeper.html")])
            screen = s.wait_for(lambda t: "Paused, paragraph 1 of %d" % n in t and t)
            top = screen.split("\n")[0].strip()
            T.expect(top == "The Lighthouse Keeper", "the top line is %r" % top)
            T.expect("Home" not in screen, "the site menu is read:\n" + screen)
            s.keys("t")
            said = s.wait_trace(lambda e: e.get("event") == "announce", what="t's announcement")
            T.expect(said[0]["text"] == "The Lighthouse Keeper, by Ann Lee",
                     "t said %r" % said[0]["text"])
            s.wait_for("The Lighthouse Keeper, by Ann Lee")
            s.keys("n", "n", "n")
            s.wait_for("Paused, paragraph 4 of %d" % n)
            T.expect(s.quit() == 0, "q did not exit with status 0:\n" + s.log_tail())
        with T.Session(tmp) as s:
            s.start(["--audio", "null", "--paused", url])
            screen = s.wait_for(lambda t: re.search(r"Resumed at paragraph 4 of %d" % n, t) and t)
            T.expect("paragraph 4 of %d," % n in s.status(), "not at paragraph 4: " + s.status())
            T.expect(s.quit() == 0, "the second q did not exit with status 0")


if __name__ == "__main__":
    sys.exit(T.run([test_web_page]))
