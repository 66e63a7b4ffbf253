#!/usr/bin/env python3
"""Trunk post_build hook: finishes dist/ for a static host.

1. Adds the Content-Security-Policy <meta> to index.html, allowing Trunk's one inline loader script by its
   SHA-256 hash (no 'unsafe-inline').
2. Writes sw.js from sw/sw.template.js with the list of every built file (hashed names included) and a
   version derived from their contents, so the service worker's cache can never go stale.
3. Copies index.html to 404.html, which static hosts serve for deep links.
"""
import base64
import hashlib
import json
import os
import re
import sys
from pathlib import Path

staging = Path(os.environ.get("TRUNK_STAGING_DIR") or sys.argv[1])
repo = Path(__file__).resolve().parent.parent
index = staging / "index.html"
html = index.read_text(encoding="utf-8")

# 1. CSP with the hash of the inline module script.
scripts = re.findall(r"<script type=\"module\">(.*?)</script>", html, flags=re.S)
hashes = " ".join(
    "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() for s in scripts
)
csp = (
    "default-src 'self'; "
    f"script-src 'self' 'wasm-unsafe-eval' {hashes}; "
    "style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
    "connect-src 'self' http: https:; worker-src 'self'; manifest-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}" />'
html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*/>\s*', "", html)
html = html.replace('<meta charset="utf-8" />', '<meta charset="utf-8" />\n    ' + meta, 1)
index.write_text(html, encoding="utf-8")
(staging / "404.html").write_text(html, encoding="utf-8")

# 2. The service worker, with the app shell to precache.
skip = {"sw.js", "404.html"}
assets = sorted(
    p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file() and p.name not in skip
)
digest = hashlib.sha256()
for name in assets:
    digest.update(name.encode())
    digest.update((staging / name).read_bytes())
version = digest.hexdigest()[:16]
template = (repo / "sw" / "sw.template.js").read_text(encoding="utf-8")
sw = template.replace("__VERSION__", version).replace("__ASSETS__", json.dumps(["./"] + assets, indent=2))
(staging / "sw.js").write_text(sw, encoding="utf-8")
print(f"post_build: CSP with {len(scripts)} script hash(es), sw.js version {version} precaching {len(assets)} files")
