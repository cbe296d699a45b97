#!/usr/bin/env python3
"""The layers of docs/ARCHITECTURE.md, checked over the source (part of `make test`).

1. Inside the `app` crate, each top-level module may refer only to the layers below it:
   pages/components → server_fns → ssr → views → domain (its own crate), with `error`,
   `i18n` (the locale glue) and the crates `domain` and `i18n` usable from anywhere.
2. No import circle among sibling modules anywhere in `app/src` or `server/src` (a file
   `x.rs` with its folder `x/` is one module; its children's references count as its
   own): not among the top-level layers, nor inside `ssr/`, `pages/`, `components/`,
   `routes/`… Test modules are left out.
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
    "app": {"pages", "components", "context", "server_fns", "views", "i18n", "error", "domain"},
    "pages": {"components", "context", "server_fns", "views", "i18n", "error", "domain"},
    "components": {"context", "server_fns", "views", "i18n", "error", "domain"},
    "context": {"views", "i18n", "error", "domain"},
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


def resolve(mod: list[str], path: list[str]) -> list[str] | None:
    """The absolute module path a `crate::`/`super::` path of file `mod` points at."""
    if path and path[0] == "crate":
        return path[1:]
    here = list(mod)
    while path and path[0] == "super":
        if not here:
            return None
        here = here[:-1]
        path = path[1:]
    return here + path


def references(src: str) -> list[list[str]]:
    """Every `crate::…` and `super::…` path of `src` (groups expanded one level)."""
    out = [["crate"] + p for p in crate_paths(src)]
    for m in re.finditer(r"\bsuper::(?:super::)*", src):
        supers = m.group(0).count("super::")
        rest = src[m.end():]
        if rest.startswith("{"):
            items = [i.split("{")[0].strip(":") for i in group_items(src, m.end())]
        else:
            seg = re.match(r"[A-Za-z_][A-Za-z0-9_]*", rest)
            items = [seg.group(0)] if seg else []
        for i in items:
            out.append(["super"] * supers + [x for x in i.split("::") if x])
    return out


def circles(root: pathlib.Path, label: str) -> list[str]:
    """Import circles among sibling modules under `root` (a crate's src)."""
    files = sorted(root.rglob("*.rs"))
    mods = {tuple(f.relative_to(root).with_suffix("").parts) for f in files}
    mods |= {tuple(d.relative_to(root).parts) for d in root.rglob("*") if d.is_dir()}
    edges: dict[tuple[str, ...], dict[str, set[str]]] = {}
    for f in files:
        mod = list(f.relative_to(root).with_suffix("").parts)
        if mod in (["lib"], ["main"]):
            continue
        src = strip_comments(f.read_text().split("\n#[cfg(test)]", 1)[0])
        for ref in references(src):
            target = resolve(mod, ref)
            if not target:
                continue
            # The deepest parent shared by both, and the siblings under it.
            k = 0
            while k < len(mod) and k < len(target) and mod[k] == target[k]:
                k += 1
            if k >= len(mod) or k >= len(target):
                continue  # a module and its own parent or child
            parent = tuple(mod[:k])
            if parent + (target[k],) not in mods:
                continue  # an item of the parent, not a sibling module
            edges.setdefault(parent, {}).setdefault(mod[k], set()).add(target[k])
    found = []
    for parent, graph in sorted(edges.items()):
        state: dict[str, int] = {}
        stack: list[str] = []

        def visit(n: str) -> None:
            state[n] = 1
            stack.append(n)
            for m in sorted(graph.get(n, ())):
                if state.get(m) == 1:
                    cycle = stack[stack.index(m):] + [m]
                    where = "/".join((label,) + parent)
                    found.append(f"import circle inside {where}: " + " → ".join(cycle))
                elif m not in state:
                    visit(m)
            stack.pop()
            state[n] = 2

        for n in sorted(graph):
            if n not in state:
                visit(n)
    return found


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
    # Circles among sibling modules, in both crates.
    problems += circles(APP, "app/src")
    problems += circles(ROOT / "server" / "src", "server/src")
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
