"""A stand-in for llama.cpp's server: really listens on 127.0.0.1 and answers /v1/models.

    python standin_server.py PORT [ok|crash|never]

ok: serve until terminated; crash: print a line and exit 3; never: print and never listen.
"""

from __future__ import annotations

import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = b'{"object": "list", "data": [{"id": "standin"}]}'
        self.send_response(200 if self.path == "/v1/models" else 404)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    port, behaviour = int(sys.argv[1]), sys.argv[2]
    print(f"standin starting ({behaviour})", flush=True)
    if behaviour == "crash":
        print("error: failed to load model: bad magic", flush=True)
        sys.exit(3)
    if behaviour == "never":
        while True:
            time.sleep(1)
    HTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
