#!/usr/bin/env python3
"""Fails when a module of src/ imports from a layer above its own, or when the UI writes to storage
without a use case. The layers, top to bottom, are the ones src/lib.rs names:
app, pages, components, state, platform, i18n, usecases, store, sync, domain. Test modules
(tests.rs, *_tests.rs, and what follows #[cfg(test)]) may reach anywhere."""

import pathlib
import re
import sys

LAYERS = ["app", "pages", "components", "state", "platform", "i18n", "usecases", "store", "sync", "domain"]
# What the UI (pages, components, state) may not call itself: writes go through a use case, which writes
# the record, its outbox entry and its activity entry in one transaction.
UI = {"pages", "components", "state"}
UI_WRITES = re.compile(r"WriteBatch|\.save_draft\(|\.save_partner_profile\(|\.backup_made\(")

src = pathlib.Path(__file__).resolve().parent.parent / "src"
doc = " ".join(line[3:] for line in (src / "lib.rs").read_text().splitlines() if line.startswith("//!"))
declared = re.findall(r"`(\w+)`", doc.split("Layers point down only:")[1].split("(")[0])
if declared[: len(LAYERS)] != LAYERS:
    sys.exit(f"check_layers.py: src/lib.rs names the layers {declared}, this check knows {LAYERS}")

problems = []
for path in sorted(src.rglob("*.rs")):
    rel = path.relative_to(src)
    layer = rel.parts[0].removesuffix(".rs")
    if layer not in LAYERS or path.name == "tests.rs" or path.name.endswith("_tests.rs"):
        continue
    code = re.split(r"#\[cfg\((?:all\()?test", path.read_text())[0]
    for number, line in enumerate(code.splitlines(), 1):
        if line.lstrip().startswith("//"):
            continue
        for used in re.findall(r"crate::(\w+)", line):
            if used in LAYERS and LAYERS.index(used) < LAYERS.index(layer):
                problems.append(f"src/{rel}:{number}: `{layer}` uses `{used}`, a layer above it")
        if layer in UI and UI_WRITES.search(line):
            problems.append(f"src/{rel}:{number}: `{layer}` writes to the store itself; call a use case")

if problems:
    print("\n".join(problems))
    sys.exit(f"{len(problems)} layering problem(s): arrows must point down (src/lib.rs)")
print(f"layers: every import of src/ points down ({' → '.join(LAYERS)})")
