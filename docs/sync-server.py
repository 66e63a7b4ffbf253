#!/usr/bin/env python3
"""A deliberately minimal backend for the app's HTTP sync protocol (docs/SYNC-HTTP.md, protocol 2).

Python's standard library only; documents live in memory (a restart loses them, and the new instance id
tells every device to send what it has again). Of each document's earlier states it keeps only which change
wrote each of the last ten (no contents), which conflict answers name in `earlier`. Good as a starting point and as a reference the
conformance check (`./scripts/check-sync-server.sh`) passes:

    python3 docs/sync-server.py --port 8787 --token s3cret

Then, on the app's /sync page: HTTP pull/push endpoint, address http://127.0.0.1:8787, bearer token s3cret.
"""
import argparse
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

BODY_LIMIT = 4 * 1024 * 1024  # bytes; larger pushes are answered 413 and the app sends them in halves
EARLIER_KEPT = 10  # states named before a document's current one in conflict answers (without their data)

lock = threading.Lock()
docs = {}  # id -> (document, sequence number of its last write, its states before without data, newest first)
state = {"seq": 0, "instance": str(uuid.uuid4())}


def push_one(row):
    """Stores one row if it builds on the current state; the outcome either way."""
    try:
        new, assumed = row["newDocumentState"], row["assumedMasterState"]
        doc_id = new["id"]
        if not isinstance(doc_id, str) or not isinstance(new["rev"], str):
            raise KeyError("id")
    except (KeyError, TypeError):
        doc_id = (row.get("newDocumentState") or {}).get("id", "") if isinstance(row, dict) else ""
        return {"id": doc_id if isinstance(doc_id, str) else "", "status": "rejected", "reason": "not a push row"}
    current = docs.get(doc_id)
    if current is None and assumed is not None:
        return {"id": doc_id, "status": "missing"}
    assumed_rev = assumed.get("rev") if isinstance(assumed, dict) else None
    if current is not None and assumed_rev != current[0]["rev"]:
        # The states stored since the one the row assumed: the device may find its own push among them.
        earlier = []
        for d in current[2]:
            if d["rev"] == assumed_rev:
                break
            earlier.append(d)
        return {"id": doc_id, "status": "conflict", "current": current[0], "earlier": earlier}
    state["seq"] += 1
    # Only which change wrote each earlier state is kept: enough for a device to recognise its lost push.
    before = {k: current[0][k] for k in ("id", "rev", "deleted", "mutation_id") if k in current[0]} if current else None
    earlier = ([before] + current[2])[:EARLIER_KEPT] if current else []
    docs[doc_id] = (new, state["seq"], earlier)
    return {"id": doc_id, "status": "stored"}


class Handler(BaseHTTPRequestHandler):
    token = None

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        # CORS on every answer, errors too: otherwise the browser hides a 401 from the app.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "authorization, content-type, accept")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def authorized(self):
        if self.token and self.headers.get("Authorization") != f"Bearer {self.token}":
            self.answer(401, {"error": "unauthorized", "reason": "a valid bearer token is needed"})
            return False
        return True

    def do_OPTIONS(self):
        self.answer(204, None)

    def do_GET(self):
        if not self.authorized():
            return
        url = urlparse(self.path)
        with lock:
            if url.path.endswith("/info"):
                return self.answer(200, {"protocol": 2, "instance": state["instance"], "documents": len(docs)})
            if url.path.endswith("/pull"):
                query = parse_qs(url.query)
                try:
                    since = json.loads(query.get("checkpoint", ["null"])[0] or "null") or {"seq": 0}
                    limit = max(1, int(query.get("limit", ["100"])[0]))
                    after = int(since["seq"])
                except (ValueError, KeyError, TypeError):
                    return self.answer(400, {"error": "bad_request", "reason": "unreadable checkpoint or limit"})
                changed = sorted(((s, d) for d, s, _ in docs.values() if s > after), key=lambda p: p[0])
                page = changed[:limit]
                last = page[-1][0] if page else after
                return self.answer(200, {"documents": [d for _, d in page], "checkpoint": {"seq": last},
                                         "more": len(changed) > limit})
        self.answer(404, {"error": "not_found"})

    def do_POST(self):
        if not self.authorized():
            return
        if not urlparse(self.path).path.endswith("/push"):
            return self.answer(404, {"error": "not_found"})
        length = int(self.headers.get("Content-Length") or 0)
        if length > BODY_LIMIT:
            self.rfile.read(length)  # read it all, or the client sees a broken connection instead of the 413
            return self.answer(413, {"error": "too_large", "reason": "the body is larger than 4 MiB"})
        try:
            rows = json.loads(self.rfile.read(length))
            if not isinstance(rows, list):
                raise ValueError
        except ValueError:
            return self.answer(400, {"error": "bad_request", "reason": "not a list of push rows"})
        with lock:
            results = [push_one(row) for row in rows]
        self.answer(200, {"results": results})

    def log_message(self, *_):
        pass


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8787)
    parser.add_argument("--token", help="the bearer token clients must send (none: anyone may sync)")
    args = parser.parse_args()
    Handler.token = args.token
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"listening on http://{args.host}:{server.server_port}", flush=True)
    server.serve_forever()
