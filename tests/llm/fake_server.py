#!/usr/bin/env python3
"""fake_server.py - an OpenAI-compatible chat completion server for tests.

    python3 tests/llm/fake_server.py PORT_FILE

Listens on a free loopback port (written to PORT_FILE) and answers
POST /v1/chat/completions by the "model" field of the request:

  good       faithful candidates for the seed article
  invent     candidates with a number and a name the article lacks
  long       titles and descriptions far over their limits
  malformed  a content string that is not JSON
  fence      the good answer inside a Markdown code fence
  flaky429   429 with Retry-After: 1 on the first call, then good
  down503    503 every time
  bad400     400 every time (must not be retried)
  stall      headers and half a body, then silence
  empty      an answer with every list empty

GET /count?model=NAME tells how many requests that model has had; every
request body is kept, and GET /last returns the last one.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD = {
    "headlines": [
        "Hegseth calls Ukraine's NATO membership unrealistic",
        "US defense chief says Europe must provide most aid to Ukraine",
        "Hegseth rules out US troops in Ukraine peacekeeping force",
    ],
    "ledes": [
        "US Secretary of Defense Pete Hegseth said on Wednesday that NATO membership "
        "for Ukraine was unrealistic.",
    ],
    "seo_titles": ["Hegseth: Ukraine NATO membership unrealistic"],
    "meta_descriptions": [
        "Pete Hegseth told the Ukraine Defense Contact Group in Brussels that NATO "
        "membership for Ukraine and a return to its pre-2014 borders were unrealistic.",
    ],
}
INVENT = {
    "headlines": [
        "Hegseth tells allies to spend 7% of GDP on defense",
        "Macron backs Hegseth on Ukraine borders",
        "Hegseth calls Ukraine's NATO membership unrealistic",
    ],
    "ledes": ["Hegseth said 40,000 US troops would leave Europe by 2027."],
    "seo_titles": ["Hegseth and Macron reject Ukraine NATO bid"],
    "meta_descriptions": [
        "Pete Hegseth said allies must spend 9% of GDP on defense, and French President "
        "Emmanuel Macron agreed with him at the Brussels meeting on Wednesday.",
    ],
}
LONG = {
    "headlines": ["Hegseth says " + "Ukraine's NATO membership is unrealistic and " * 4 + "Europe must lead"],
    "ledes": ["Hegseth said " + "NATO membership for Ukraine was unrealistic, " * 6 + "officials said."],
    "seo_titles": ["Hegseth rules out NATO membership for Ukraine and calls pre-2014 borders unrealistic"],
    "meta_descriptions": ["Hegseth said NATO membership for Ukraine was unrealistic. " * 5],
}

counts = {}
lock = threading.Lock()
last = {"body": None}


def completion(content):
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 0,
            "model": "fake", "choices": [{"index": 0, "finish_reason": "stop",
                                          "message": {"role": "assistant", "content": content}}]}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, code, obj, headers=()):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.startswith("/count?model="):
            m = self.path.split("=", 1)[1]
            self.send(200, {"count": counts.get(m, 0)})
        elif self.path == "/last":
            self.send(200, last["body"] or {})
        else:
            self.send(404, {"error": "no"})

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(n) or b"{}")
        if self.path != "/v1/chat/completions":
            self.send(404, {"error": {"message": "no such path " + self.path}})
            return
        model = body.get("model", "")
        with lock:
            counts[model] = counts.get(model, 0) + 1
            k = counts[model]
            last["body"] = dict(body, _authorization=self.headers.get("Authorization"))
        if model == "good":
            self.send(200, completion(json.dumps(GOOD)))
        elif model == "invent":
            self.send(200, completion(json.dumps(INVENT)))
        elif model == "long":
            self.send(200, completion(json.dumps(LONG)))
        elif model == "malformed":
            self.send(200, completion('{"headlines": ["Hegseth calls it unrealistic", '))
        elif model == "fence":
            self.send(200, completion("```json\n" + json.dumps(GOOD) + "\n```"))
        elif model == "empty":
            self.send(200, completion(json.dumps({k: [] for k in GOOD})))
        elif model == "flaky429":
            if k == 1:
                self.send(429, {"error": {"message": "slow down"}}, [("Retry-After", "1")])
            else:
                self.send(200, completion(json.dumps(GOOD)))
        elif model == "down503":
            self.send(503, {"error": {"message": "overloaded"}})
        elif model == "bad400":
            self.send(400, {"error": {"message": "bad request"}})
        elif model == "stall":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b'{"id": "chatcmpl-stall", "choices": [')
            self.wfile.flush()
            time.sleep(30)
        else:
            self.send(404, {"error": {"message": "model not found"}})


def main():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    srv.serve_forever()


if __name__ == "__main__":
    main()
