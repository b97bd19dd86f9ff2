#!/usr/bin/env python3
"""Loopback stand-in for Hugging Face and arXiv, used by deploy/smoke.sh so the smoke run reaches no other host.

Usage: fake_sources.py SAMPLES_DIR PORT_FILE

Binds 127.0.0.1 on a port the kernel picks and writes that port to PORT_FILE once it listens, so the caller polls for
the file instead of guessing a free port. Routes on the path only (the recorded payloads do not depend on the query);
anything else gets a 404, so an unexpected request shows up as a failed ingest rather than as silently empty data.
"""
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SAMPLES = sys.argv[1]
PORT_FILE = sys.argv[2]

ROUTES = [
    # (path or prefix, is prefix, sample file, content type)
    ("/api/daily_papers", False, "hf_daily_papers.json", "application/json"),
    ("/api/query", False, "arxiv_query.atom", "application/atom+xml"),
    ("/rss/", True, "arxiv_rss_math.OC.xml", "application/rss+xml"),
]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = urlsplit(self.path).path
        for route, is_prefix, sample, content_type in ROUTES:
            if path == route or (is_prefix and path.startswith(route)):
                with open(os.path.join(SAMPLES, sample), "rb") as f:
                    body = f.read()
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        self.send_error(404)

    def log_message(self, format, *args):
        # One line per request on stderr, which the smoke script keeps as a log of what the service asked for.
        sys.stderr.write("fake-sources: %s\n" % (format % args))


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
# Written to a temporary name and renamed, so a reader never sees a half-written port.
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
