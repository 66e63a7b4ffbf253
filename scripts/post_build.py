#!/usr/bin/env python3
"""Trunk post_build hook: finishes dist/ for a static host.

1. Writes the loader of the wasm that scripts/build_wasm.py put in `app-<hash>/`: it fetches the main
   module first thing (with its integrity hash), then imports its JS, which starts the app. (No
   `<link rel="preload">`: WebKit does not hand a preload to `fetch()` and downloaded the wasm twice.)
2. Adds the Content-Security-Policy <meta> to index.html, allowing that one inline script by its SHA-256
   hash (no 'unsafe-inline').
3. Writes sw.js from sw/sw.template.js with the list of every built file (hashed names included) and a
   version derived from their contents, so the service worker's cache can never go stale.
4. Copies index.html to 404.html, which static hosts serve for deep links.
5. (Release builds, before the rest) Minifies the stylesheet — comments and spaces out, strings kept — and
   writes its new integrity hash into index.html: Trunk's own `--minify` also rewrites index.html, where the
   steps above look for exact text. The first load is ~1.4 KB (brotli) smaller.
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


def integrity(data):
    """The Subresource Integrity value of `data` (what a `<link>` or `fetch()` checks)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


# 5. The stylesheet without comments and spaces (strings kept as written), with its new integrity hash.
def minified_css(text):
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            end = i + 1
            while end < n and text[end] != c:
                end += 2 if text[end] == "\\" else 1
            out.append(text[i : end + 1])
            i = end + 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c.isspace():
            while i < n and text[i].isspace():
                i += 1
            out.append(" ")
        else:
            out.append(c)
            i += 1
    css = "".join(out)
    # Spaces next to braces, semicolons and child combinators carry no meaning outside strings (after a comma
    # they can: a `var()` fallback keeps them). The strings were kept whole above: split them out again first.
    parts = re.split(r'("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')', css)
    for k in range(0, len(parts), 2):
        parts[k] = re.sub(r"\s*([{};>])\s*", r"\1", parts[k]).replace(";}", "}")
    return "".join(parts).strip()


if os.environ.get("TRUNK_PROFILE", "release") == "release":
    for sheet in staging.glob("*.css"):
        written = sheet.read_bytes()
        shipped = minified_css(written.decode("utf-8")).encode("utf-8")
        sheet.write_bytes(shipped)
        old_hash, new_hash = integrity(written), integrity(shipped)
        link = re.search(r"<link[^>]*%s[^>]*>" % re.escape(sheet.name), html)
        if link and "integrity=" in link.group(0) and old_hash not in link.group(0):
            sys.exit(f"post_build: the integrity of {sheet.name} in index.html is not its own; update post_build.py")
        html = html.replace(f'integrity="{old_hash}"', f'integrity="{new_hash}"')


# 1. The loader fetches the main module at once (a dynamic import of the JS, so the fetch comes first).
apps = sorted(p.name for p in staging.glob("app-*") if p.is_dir())
if len(apps) != 1:
    sys.exit(f"post_build: expected one app-<hash>/ from scripts/build_wasm.py, found {apps}")
public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
app = public_url.rstrip("/") + "/" + apps[0]
wasm = (staging / apps[0] / "partner-accounts_bg.wasm").read_bytes()
wasm_integrity = integrity(wasm)
loader = (
    f"\nconst wasmResponse = fetch('{app}/partner-accounts_bg.wasm', {{ integrity: '{wasm_integrity}' }});\n"
    f"const {{ default: init, ...bindings }} = await import('{app}/partner-accounts.js');\n"
    "await init({ module_or_path: wasmResponse });\n"
    "window.wasmBindings = bindings;\n"
)
placeholder = '<script type="module" id="loader"></script>'
if placeholder not in html:
    sys.exit("post_build: index.html has no loader placeholder; update scripts/post_build.py")
html = html.replace(placeholder, f'<script type="module" id="loader">{loader}</script>')
# Trunk leaves the skipped rust link in the page (it only tells Trunk not to build the wasm itself).
html = re.sub(r'\s*<link data-trunk rel="rust" data-trunk-skip[^>]*/>', "", html)

# 2. CSP with the hash of the inline module script.
scripts = re.findall(r"<script type=\"module\"[^>]*>(.*?)</script>", html, flags=re.S)
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
