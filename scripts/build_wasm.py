#!/usr/bin/env python3
"""Trunk pre_build hook: builds the app's wasm split by route, into the staging dist's `app-<hash>/`.

Trunk 0.21 cannot split a wasm (its hooks run before cargo or after wasm-bindgen, and the split has to
happen between them), so the wasm is built here and Trunk keeps the page, the styles, the assets, serving
and the post_build hook:

1. cargo builds the binary for wasm32 with `--emit-relocs` on the final link only (the dependencies' build
   is the one `cargo build` and the tests share);
2. `wasm-split-cli` (crates.io `wasm_split_cli_support`, the version of `wasm_split_helpers` in Cargo.lock)
   cuts out every split point (`src/pages/lazy.rs`) into a chunk of its own, and writes the JS that loads
   them (`__wasm_split.js`);
3. `wasm-bindgen --keep-lld-exports` (the version in Cargo.lock) makes the main module's JS;
4. `wasm-opt -Oz` shrinks the main module and every chunk (release builds); with `KEEP_NAMES=1` in the
   environment it keeps the functions' names, for a profile that names them (`KEEP_NAMES=1 trunk build
   --release --dist /tmp/dist-names`; see docs/PERFORMANCE.md).

The files land in `app-<hash>/` (the hash of their contents: a new deployment never mixes old and new
chunks); scripts/post_build.py writes the loader that starts them and lists them for the service worker.
The result is kept in target/app-build/, keyed by the cargo output, so a second `trunk build` (the
sub-path build of the test command) only copies it.
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

repo = Path(__file__).resolve().parent.parent
release = os.environ.get("TRUNK_PROFILE", "release") == "release"
keep_names = os.environ.get("KEEP_NAMES") == "1"
staging = Path(os.environ.get("TRUNK_STAGING_DIR") or sys.argv[1])
target = Path(os.environ.get("CARGO_TARGET_DIR") or repo / "target")
NAME = "partner-accounts"


def run(*command):
    print("build_wasm:", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], check=True, cwd=repo)


def locked_version(package):
    lock = (repo / "Cargo.lock").read_text(encoding="utf-8")
    found = re.search(r'name = "%s"\nversion = "([^"]+)"' % re.escape(package), lock)
    if not found:
        sys.exit(f"build_wasm: {package} is not in Cargo.lock")
    return found.group(1)


def tool_version(tool):
    try:
        out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    found = re.search(r"(\d+\.\d+\.\d+)", out)
    return found.group(1) if found else None


# The tools must match the crates the wasm was built with; ./scripts/setup.sh installs them.
bindgen = locked_version("wasm-bindgen")
if tool_version("wasm-bindgen") != bindgen:
    sys.exit(f"build_wasm: wasm-bindgen {bindgen} is needed (run ./scripts/setup.sh)")
if not shutil.which("wasm-split-cli"):
    sys.exit("build_wasm: wasm-split-cli is missing (run ./scripts/setup.sh)")

profile = ["--release"] if release else []
run("cargo", "rustc", "--quiet", *profile, "--target", "wasm32-unknown-unknown", "--bin", NAME, "--",
    "-C", "link-args=--emit-relocs")
built = target / "wasm32-unknown-unknown" / ("release" if release else "debug") / f"{NAME}.wasm"

work = target / "app-build"
key = hashlib.sha256(built.read_bytes()).hexdigest()[:16] + ("-release" if release else "-debug")
key += "-names" if keep_names else ""
out = work / "out"
if (work / "key").exists() and (work / "key").read_text() == key and out.is_dir():
    print("build_wasm: the wasm did not change; its split build is reused", flush=True)
else:
    shutil.rmtree(work, ignore_errors=True)
    split = work / "split"
    split.mkdir(parents=True)
    run("wasm-split-cli", "--target", "web", "--out-name", NAME, built, split)
    run("wasm-bindgen", "--target", "web", "--keep-lld-exports", "--no-typescript", "--out-dir", out,
        "--out-name", NAME, split / f"{NAME}.wasm")
    for chunk in split.iterdir():
        if chunk.name != f"{NAME}.wasm":
            shutil.copy(chunk, out / chunk.name)
    if release:
        for wasm in sorted(out.glob("*.wasm")):
            names = ["-g"] if keep_names else []
            run("wasm-opt", "-Oz", *names, "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
                "--enable-sign-ext", "--enable-mutable-globals", wasm, "-o", wasm)
    (work / "key").write_text(key)

digest = hashlib.sha256()
for file in sorted(out.iterdir()):
    digest.update(file.name.encode())
    digest.update(file.read_bytes())
app = staging / f"app-{digest.hexdigest()[:16]}"
shutil.rmtree(app, ignore_errors=True)
shutil.copytree(out, app)
sizes = ", ".join(f"{f.name} {f.stat().st_size:,} B" for f in sorted(app.iterdir()))
print(f"build_wasm: {app.name}: {sizes}", flush=True)
