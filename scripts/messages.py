#!/usr/bin/env python3
"""Keep the Chinese catalog (src/jianbao/locale/zh.po) in step with the code.

Finds every message marked in src/jianbao — ``_("…")``, ``N_("…")``,
``ngettext("…", "…", n)``, and the docstrings of the command-line
commands (their ``--help``: functions decorated ``.command``/``.callback``
or named ``…_command``) — and rewrites the catalog: translations kept,
new messages added with an empty ``msgstr`` for the translator, messages
no longer in the code dropped.  ``--check`` changes nothing and exits 1
while a message lacks its translation (the test suite does the same).

    python scripts/messages.py            # update zh.po
    python scripts/messages.py --check    # what is missing
"""

from __future__ import annotations

import argparse
import ast
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "jianbao"
CATALOG = SOURCE / "locale" / "zh.po"
sys.path.insert(0, str(ROOT / "src"))

from jianbao.i18n import read_po  # noqa: E402

HEADER = """\
# Chinese messages of jianbao (简报).  Updated by scripts/messages.py;
# terms follow office usage: 报头, 期号, 报尾, 版心, 字体, 字号.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_CN\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"""


@dataclass
class Message:
    msgid: str
    plural: str | None = None
    places: list[str] = field(default_factory=list)


def extract(root: Path = SOURCE) -> dict[str, Message]:
    """Every marked message under ``root``, in order of first use."""
    found: dict[str, Message] = {}

    def add(msgid: str, plural: str | None, where: str) -> None:
        message = found.setdefault(msgid, Message(msgid, plural))
        message.plural = message.plural or plural
        message.places.append(where)

    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        rel = path.relative_to(root.parent.parent).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
                if node.func.id in ("_", "N_") and args and isinstance(args[0], str):
                    add(args[0], None, f"{rel}:{node.lineno}")
                elif (
                    node.func.id == "ngettext"
                    and len(args) == 3
                    and isinstance(args[0], str)
                    and isinstance(args[1], str)
                ):
                    add(args[0], args[1], f"{rel}:{node.lineno}")
            elif isinstance(node, ast.FunctionDef) and _is_command(node):
                doc = ast.get_docstring(node)
                if doc:
                    add(doc, None, f"{rel}:{node.lineno}")
    for message in found.values():
        message.places.sort(key=_place)
    return dict(sorted(found.items(), key=lambda item: _place(item[1].places[0])))


def _place(where: str) -> tuple[str, int]:
    file, _sep, line = where.rpartition(":")
    return file, int(line)


def _is_command(node: ast.FunctionDef) -> bool:
    """A command's function: decorated ``@app.command(…)`` or
    ``@app.callback(…)``, or named ``…_command`` (registered by name)."""
    if node.name.endswith("_command"):
        return True
    for deco in node.decorator_list:
        call = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(call, ast.Attribute) and call.attr in ("command", "callback"):
            return True
    return False


def fields(text: str) -> set[str]:
    """The ``str.format`` placeholders of ``text``."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def problems(messages: dict[str, Message], catalog: dict[tuple[str, int], str]) -> list[str]:
    """What is wrong with ``catalog`` for ``messages``: untranslated, stale,
    or placeholders that differ from the English."""
    out = []
    for msgid, message in messages.items():
        done = catalog.get((msgid, 0))
        where = message.places[0]
        if not done:
            out.append(f"{where}: no translation: {msgid!r}")
        elif fields(done) != fields(msgid) | (fields(message.plural or "") - fields(msgid)):
            out.append(f"{where}: placeholders differ: {msgid!r} → {done!r}")
    known = set(messages)
    out += [f"{CATALOG.name}: not in the code: {m!r}" for m, _n in catalog if m not in known]
    return out


def write(messages: dict[str, Message], catalog: dict[tuple[str, int], str]) -> str:
    """The catalog's new text."""
    parts = [HEADER]
    for msgid, message in messages.items():
        files = dict.fromkeys(place.rpartition(":")[0] for place in message.places)
        lines = [f"#: {' '.join(files)}"]
        if fields(msgid) or (message.plural and fields(message.plural)):
            lines.append("#, python-brace-format")
        lines.append(f"msgid {_quote(msgid)}")
        if message.plural is not None:
            lines.append(f"msgid_plural {_quote(message.plural)}")
            lines.append(f"msgstr[0] {_quote(catalog.get((msgid, 0), ''))}")
        else:
            lines.append(f"msgstr {_quote(catalog.get((msgid, 0), ''))}")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def _quote(text: str) -> str:
    """``text`` as a .po string: one line, or a line per ``\\n`` for long text."""

    def one(s: str) -> str:
        s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        return '"' + s.replace("\n", "\\n") + '"'

    if "\n" not in text[:-1]:
        return one(text)
    pieces = text.splitlines(keepends=True)
    return '""\n' + "\n".join(one(p) for p in pieces)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; list what is missing")
    args = parser.parse_args()
    messages = extract()
    catalog = read_po(CATALOG.read_text(encoding="utf-8")) if CATALOG.exists() else {}
    if args.check:
        found = problems(messages, catalog)
        for line in found:
            print(line)
        return 1 if found else 0
    CATALOG.parent.mkdir(parents=True, exist_ok=True)
    CATALOG.write_text(write(messages, catalog), encoding="utf-8")
    missing = sum(1 for m in messages if not catalog.get((m, 0)))
    print(f"{CATALOG.relative_to(ROOT)}: {len(messages)} messages, {missing} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
