"""A local HTTP server for the URL tests (python3 stdlib only): 127.0.0.1 on a free port, in a
thread of the test itself, so that no test touches the internet.

Routes:
  /NAME            a page added with add(NAME, body, content_type), or a redirect (301) added
                   with add_redirect(NAME, location)
  /redirect/N/NAME N redirects (302), then /NAME
  /stall           headers sent, then nothing until the server stops
  /endless         a text/html body streamed without end (no Content-Length)
  /huge            Content-Length 50 MB, the body streamed until the client goes
anything else      404 Not Found
"""
import http.server
import os
import threading

HUGE = 50 << 20


class Server:
    def __init__(self):
        # A proxy set for the person running the tests must not see (or refuse) 127.0.0.1; lector
        # and the tmux server inherit this environment.
        os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1"
        self.pages = {}
        self.moved = {}
        self.stop = threading.Event()
        self.requests = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append(self.path)
                parts = self.path.split("/")
                if len(parts) > 3 and parts[1] == "redirect":
                    n = int(parts[2])
                    rest = "/".join(parts[3:])
                    to = "/redirect/%d/%s" % (n - 1, rest) if n > 1 else "/" + rest
                    self.send_response(302)
                    self.send_header("Location", to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif self.path == "/stall":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.flush()
                    server.stop.wait(120)
                elif self.path in ("/endless", "/huge"):
                    self.stream(self.path == "/huge")
                elif self.path[1:] in server.moved:
                    self.send_response(301)
                    self.send_header("Location", server.moved[self.path[1:]])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif self.path[1:] in server.pages:
                    body, ctype = server.pages[self.path[1:]]
                    self.send_response(200)
                    if ctype:
                        self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.send_error(404, "Not Found")

            def stream(self, with_length):
                """Writes 64 KiB blocks (never the whole body in memory) until the client hangs
                up or, with a length, 50 MB have gone."""
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                if with_length:
                    self.send_header("Content-Length", str(HUGE))
                self.end_headers()
                block = b"<p>" + b"word " * 13100 + b"</p>\n"
                sent = 0
                try:
                    while not server.stop.is_set() and (not with_length or sent < HUGE):
                        chunk = block[:HUGE - sent] if with_length else block
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return "http://127.0.0.1:%d/%s" % (self.port, path.lstrip("/"))

    def add(self, name, body, content_type="text/html; charset=utf-8"):
        self.pages[name] = (body if isinstance(body, bytes) else body.encode("utf-8"), content_type)
        return self.url(name)

    def add_redirect(self, name, location):
        self.moved[name] = location
        return self.url(name)

    def close(self):
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
