#!/usr/bin/env python3
"""Trunk post_build hook: finishes dist/ for a static host.

1. Has Trunk's inline loader script fetch the wasm itself, first thing, instead of Trunk's
   `<link rel="preload">` of it: WebKit does not hand a preload to `fetch()` and downloaded the wasm twice.
   The fetch keeps the preload's integrity hash.
2. Adds the Content-Security-Policy <meta> to index.html, allowing that one inline script by its SHA-256
   hash (no 'unsafe-inline').
3. Writes sw.js from sw/sw.template.js with the list of every built file (hashed names included) and a
   version derived from their contents, so the service worker's cache can never go stale.
4. Copies index.html to 404.html, which static hosts serve for deep links.
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


def attribute(tag, name):
    found = re.search(name + r'="([^"]*)"', tag)
    if not found:
        sys.exit(f"post_build: no {name} in {tag}")
    return found.group(1)


# 1. The loader fetches the wasm at once (a dynamic import of the JS, so the fetch comes first).
preload = re.search(r'<link rel="preload"[^>]*\.wasm"[^>]*>', html)
loader = re.search(r"import init, \* as bindings from '([^']+)';\s*const wasm = await init\(\{ module_or_path: '([^']+)' \}\);", html)
if not preload or not loader:
    sys.exit("post_build: Trunk's wasm preload or loader script changed; update scripts/post_build.py")
wasm_url, integrity = attribute(preload.group(0), "href"), attribute(preload.group(0), "integrity")
if wasm_url != loader.group(2):
    sys.exit(f"post_build: the preload ({wasm_url}) and the loader ({loader.group(2)}) fetch different files")
html = html.replace(preload.group(0), "")
html = html.replace(
    loader.group(0),
    f"const wasmResponse = fetch('{wasm_url}', {{ integrity: '{integrity}' }});\n"
    f"const {{ default: init, ...bindings }} = await import('{loader.group(1)}');\n"
    "const wasm = await init({ module_or_path: wasmResponse });",
)

# 2. CSP with the hash of the inline module script.
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

# 3. The service worker, with the app shell to precache.
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
