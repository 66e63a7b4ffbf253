#!/usr/bin/env python3
"""Where the wasm's bytes are, by crate (the app by layer): the code section's function bodies summed by the
crate their (mangled) names start with, plus the data section.

Usage: `python3 scripts/wasm_by_crate.py [file.wasm] [rows]` — by default the whole app before it is split and
shrunk, `target/wasm32-unknown-unknown/release/partner-accounts.wasm` (names kept by the linker; what `trunk
build --release` leaves there), about 1.4x the shipped raw size. Needs no tool beyond Python; twiggy
(`twiggy top`) gives the same per function.
"""
import collections
import re
import sys
from pathlib import Path

WASM = sys.argv[1] if len(sys.argv) > 1 else "target/wasm32-unknown-unknown/release/partner-accounts.wasm"
ROWS = int(sys.argv[2]) if len(sys.argv) > 2 else 25


def leb(b, i):
    value, shift = 0, 0
    while True:
        byte = b[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def sections(data):
    i = 8
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        yield sid, i, size
        i += size


def function_names(data, start, size):
    length, j = leb(data, start)
    if data[j:j + length] != b"name":
        return {}
    j += length
    names = {}
    while j < start + size:
        sub = data[j]
        sub_size, j = leb(data, j + 1)
        if sub == 1:
            k = j
            count, k = leb(data, k)
            for _ in range(count):
                index, k = leb(data, k)
                n, k = leb(data, k)
                names[index] = data[k:k + n].decode("utf8", "replace")
                k += n
        j += sub_size
    return names


def imported_functions(data, start):
    count, j = leb(data, start)
    functions = 0
    for _ in range(count):
        for _ in range(2):
            n, j = leb(data, j)
            j += n
        kind = data[j]
        j += 1
        if kind != 0:
            sys.exit("wasm_by_crate: only function imports are read")
        _, j = leb(data, j)
        functions += 1
    return functions


def segments(mangled):
    """The path segments of a legacy-mangled name (`_ZN3foo3bar17h…E` → ["foo", "bar", …])."""
    out, i = [], 3
    while i < len(mangled) and mangled[i].isdigit():
        digits = re.match(r"\d+", mangled[i:]).group(0)
        i += len(digits)
        out.append(mangled[i:i + int(digits)])
        i += int(digits)
    return out


def owner(name):
    if not name.startswith("_ZN"):
        return "glue and closures (no crate in the name)"
    path = segments(name)
    if not path:
        return "other"
    first = path[0]
    if first.startswith("_$LT$"):  # `<T as Trait>::f`: the type's crate
        found = re.search(r"([a-z_][a-z0-9_]*)\.\.([a-z_][a-z0-9_]*)", first)
        if not found:
            return "impls on built-in types"
        crate, module = found.groups()
        return f"app: {module}" if crate == "partner_accounts" else crate
    if first == "partner_accounts" and len(path) > 1:
        return f"app: {path[1]}"
    return first


data = Path(WASM).read_bytes()
imports, names, totals = 0, {}, collections.Counter()
found = list(sections(data))
for sid, start, size in found:
    if sid == 2:
        imports = imported_functions(data, start)
    elif sid == 0:
        names = function_names(data, start, size) or names
for sid, start, size in found:
    if sid == 10:
        count, j = leb(data, start)
        for index in range(count):
            body, k = leb(data, j)
            totals[owner(names.get(imports + index, ""))] += body + (k - j)
            j = k + body
    elif sid == 11:
        totals["data (texts of both languages, tables)"] += size
total = sum(totals.values())
print(f"{WASM}: {total:,} B of code and data")
print("| crate or app layer | size | share |\n|---|---|---|")
for crate, size in totals.most_common(ROWS):
    print(f"| {crate} | {size / 1024:,.0f} KiB | {100 * size / total:.0f} % |")
