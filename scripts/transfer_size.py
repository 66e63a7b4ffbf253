#!/usr/bin/env python3
"""Transfer size of a built dist/ (brotli -q 11, what a host with brotli sends), for ./scripts/bench.sh.

Prints every file, then what the first paint of `/` and `/customers` needs (the page, its styles, the loader's
JS, the chunk loader and the main wasm: the list and Home are in the main wasm), what the first paint of a
page of each split point's group needs (that and the split point's chunk with the shared chunks it waits
for, as `__wasm_split.js` lists them), every chunk, and the whole app (every file the service worker
stores).
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
if shutil.which("brotli") is None:
    sys.exit("transfer_size.py needs the brotli command: ./scripts/bench.sh installs it (Debian's package brotli).")
if not (dist / "index.html").is_file():
    sys.exit(f"transfer_size.py: {dist} holds no built app (trunk build --release writes dist/).")


def brotli(path):
    return len(subprocess.run(["brotli", "-c", "-q", "11", str(path)], capture_output=True, check=True).stdout)


files = sorted(p for p in dist.rglob("*") if p.is_file() and p.name != "404.html")
sizes = {p.relative_to(dist).as_posix(): (p.stat().st_size, brotli(p)) for p in files}
for name, (raw, packed) in sizes.items():
    print(f"BENCH size {name:<55} raw {raw:>9,}  brotli {packed:>8,}")
app = next(p.name for p in dist.iterdir() if p.is_dir() and p.name.startswith("app-"))
first = ["index.html", f"{app}/partner-accounts.js", f"{app}/__wasm_split.js", f"{app}/partner-accounts_bg.wasm"]
first += [n for n in sizes if n.endswith(".css")]
chunks = [n for n in sizes if n.startswith(app + "/") and n.endswith(".wasm") and n not in first]
total = lambda names: sum(sizes[n][1] for n in names)  # noqa: E731
print(f"BENCH size first paint of / and /customers (page, CSS, JS, main wasm), brotli: {total(first):,} B "
      f"({total(first) / 1024:.0f} KiB)")
# `export const __wasm_split_load_<group> = … "./split_<group>.wasm" …, [__chunk_5, __chunk_7]));`
loader = (dist / app / "__wasm_split.js").read_text(encoding="utf-8")
shared = dict(re.findall(r'const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)"', loader))
for group, file, deps in re.findall(
    r'export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)".*?\[([^\]]*)\]\)\)',
    loader,
    flags=re.S,
):
    needed = [f"{app}/{file}"] + [f"{app}/{shared[d.strip()]}" for d in deps.split(",") if d.strip()]
    print(f"BENCH size first load with the chunk '{group}' and the {len(needed) - 1} it waits for, brotli: "
          f"{total(first) + total(needed):,} B ({(total(first) + total(needed)) / 1024:.0f} KiB)")
print(f"BENCH size {len(chunks)} chunks of the other pages, brotli: {total(chunks):,} B ({total(chunks) / 1024:.0f} KiB)")
print(f"BENCH size whole app (every file the service worker stores), brotli: {total(sizes):,} B "
      f"({total(sizes) / 1024:.0f} KiB)")
