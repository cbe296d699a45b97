#!/usr/bin/env python3
"""The layers of docs/ARCHITECTURE.md, checked over the source (part of `make test`).

1. Inside the `app` crate, each top-level module may refer only to the layers below it:
   pages/components → server_fns → ssr → views → domain (its own crate), with `error`,
   `i18n` (the locale glue) and the crates `domain` and `i18n` usable from anywhere.
2. Inside `app/src/ssr`, the modules (a file `ssr/x.rs` with its folder `ssr/x/`) form no
   import circle.
3. The `domain` crate depends on no crate of the workspace; `i18n` only on `domain`.
4. No source file of `app/src` or `server/src` has more than 400 lines before its
   `#[cfg(test)]` module.

References are read from the code itself (comments stripped): every `crate::a::b` path,
`use crate::{a::b, …}` group and `super::` path. Prints each breach and exits 1 on any.
"""

import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
APP = ROOT / "app" / "src"

# Which top-level modules of `app` each may use (besides itself).
ALLOWED = {
    "lib": None,  # the module list: anything
    "app": {"pages", "components", "server_fns", "views", "i18n", "error", "domain"},
    "pages": {"components", "server_fns", "views", "i18n", "error", "app", "domain"},
    "components": {"server_fns", "views", "i18n", "error", "app", "domain"},
    "server_fns": {"ssr", "views", "i18n", "error", "domain"},
    "ssr": {"views", "i18n", "error", "domain"},
    "views": {"i18n", "error", "domain"},
    "i18n": {"domain"},
    "error": set(),
}
MAX_LINES = 400


def strip_comments(src: str) -> str:
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    src = re.sub(r'"(?:\\.|[^"\\])*"', '""', src)  # string literals may hold "crate::"
    return "\n".join(line.split("//", 1)[0] for line in src.splitlines())


def group_items(text: str, start: int) -> list[str]:
    """The first-level paths of a `{ … }` group starting at text[start] == '{'."""
    depth, item, items = 0, "", []
    for ch in text[start:]:
        if ch == "{":
            depth += 1
            if depth == 1:
                continue
        elif ch == "}":
            depth -= 1
            if depth == 0:
                items.append(item)
                break
        if depth == 1 and ch == ",":
            items.append(item)
            item = ""
        else:
            item += ch
    return [re.sub(r"\s+", "", i) for i in items if i.strip()]


def crate_paths(src: str) -> list[list[str]]:
    """Every `crate::…` path as its list of segments (groups expanded one level)."""
    out = []
    for m in re.finditer(r"\bcrate::", src):
        rest = src[m.end():]
        if rest.startswith("{"):
            for item in group_items(src, m.end()):
                out.append(re.split(r"::", item.split("{")[0].strip(":")))
        else:
            seg = re.match(r"[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)?", rest)
            if seg:
                out.append(seg.group(0).split("::"))
    return out


def module_of(path: pathlib.Path) -> list[str]:
    rel = path.relative_to(APP).with_suffix("")
    return list(rel.parts)


def main() -> int:
    problems = []
    ssr_edges: dict[str, set[str]] = {}
    for f in sorted(APP.rglob("*.rs")):
        mod = module_of(f)
        top = mod[0]
        src = strip_comments(f.read_text())
        allowed = ALLOWED.get(top, set())
        for p in crate_paths(src):
            target = p[0]
            if target in ("self", "super", top) or allowed is None:
                pass
            elif target not in allowed:
                problems.append(f"{f.relative_to(ROOT)}: {top} uses crate::{'::'.join(p)} (allowed: {sorted(allowed)})")
            if top == "ssr" and target == "ssr" and len(p) > 1 and len(mod) > 1:
                here = mod[1]
                if p[1] != here:
                    ssr_edges.setdefault(here, set()).add(p[1])
        if top == "ssr" and len(mod) > 1:
            ssr_edges.setdefault(mod[1], set())
    # Circles among the ssr modules.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(ssr_edges.get(n, ())):
            if m not in ssr_edges:
                continue
            if state.get(m) == 1:
                cycle = stack[stack.index(m):] + [m]
                problems.append("import circle inside app/src/ssr: " + " → ".join(cycle))
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(ssr_edges):
        if n not in state:
            visit(n)
    # The pure crates depend on nothing above them.
    members = {"app", "server", "migration", "minping-domain", "minping-i18n"}
    for crate, may in (("domain", set()), ("i18n", {"minping-domain"})):
        manifest = tomllib.loads((ROOT / crate / "Cargo.toml").read_text())
        deps = set(manifest.get("dependencies", {}))
        bad = (deps & members) - may
        if bad:
            problems.append(f"{crate}/Cargo.toml depends on {sorted(bad)}")
    # File sizes.
    for base in (APP, ROOT / "server" / "src", ROOT / "domain" / "src", ROOT / "i18n" / "src"):
        for f in sorted(base.rglob("*.rs")):
            n = 0
            for line in f.read_text().splitlines():
                if line.startswith("#[cfg(test)]"):
                    break
                n += 1
            if n > MAX_LINES:
                problems.append(f"{f.relative_to(ROOT)}: {n} lines before its tests (at most {MAX_LINES})")
    for p in problems:
        print(p)
    edges = sum(len(v) for v in ssr_edges.values())
    print(f"layers: {len(ssr_edges)} ssr modules, {edges} edges between them, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
