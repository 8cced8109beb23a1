"""Messages in the reader's language: English or Chinese (中文).

In: a message written in English in the code, marked ``_("…")`` (or
``N_("…")`` where it is kept in a constant and translated where it is
used, ``ngettext`` where it counts), and the language in effect.  Out: the
message in that language, from the gettext catalog ``locale/zh.po``.

Catalogs are gettext ``.po`` files kept in the repository and read as they
are (``read_po``): no compile step, so an editable install, a wheel and a
source checkout read the same file, and a translator's edit shows on the
next run.  The ~600 entries parse in a few milliseconds, once a process.
``scripts/messages`` adds new messages to the catalog and drops old ones;
a test fails while any message lacks its translation.

The language is a context variable: the command line sets it once from
``--lang``, ``JIANBAO_LANG`` or the locale (``language_from``); the Python
API sets it for one call (``using``, defaulting to English for programs);
worker processes are told it.  Placeholders are ``str.format`` names
(``{path}``), the same in a message and its translation; keys and values
from the user's file are passed in, never translated.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

LANGUAGES = ("en", "zh")
ENGLISH = "en"
CATALOGS = Path(__file__).parent / "locale"

_language: ContextVar[str] = ContextVar("jianbao_language", default=ENGLISH)


def _(message: str) -> str:
    """``message`` in the language in effect."""
    lang = _language.get()
    if lang == ENGLISH:
        return message
    return catalog(lang).get((message, 0), message) or message


def N_(message: str) -> str:
    """``message`` unchanged: marks it for the catalog, translated where used."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` by ``n``, in the language in effect (Chinese
    has one form)."""
    lang = _language.get()
    english = singular if n == 1 else plural
    if lang == ENGLISH:
        return english
    return catalog(lang).get((singular, 0), english) or english


def language() -> str:
    """The language in effect: ``en`` or ``zh``."""
    return _language.get()


def set_language(lang: str) -> None:
    """Use ``lang`` from now on in this context (the command line, a worker)."""
    _language.set(normalise(lang) or ENGLISH)


@contextmanager
def using(lang: str | None) -> Iterator[None]:
    """Use ``lang`` inside the block (``None``: leave it as it is)."""
    if lang is None:
        yield
        return
    token = _language.set(normalise(lang) or ENGLISH)
    try:
        yield
    finally:
        _language.reset(token)


def normalise(lang: str) -> str | None:
    """``zh``, ``zh_CN.UTF-8``, ``zh-Hans`` → ``zh``; ``en_US``, ``C`` → ``en``;
    ``None`` for what names no language (empty)."""
    code = lang.strip().replace("-", "_").split(".")[0].split("@")[0].lower()
    if not code:
        return None
    return "zh" if code.split("_")[0] == "zh" else ENGLISH


def known(lang: str) -> bool:
    """Whether ``lang`` may be asked for by name (``--lang``, ``JIANBAO_LANG``)."""
    code = lang.strip().replace("-", "_").split(".")[0].lower()
    return code.split("_")[0] in LANGUAGES


def language_from(environ: Mapping[str, str]) -> str:
    """The language a user of this environment reads: ``JIANBAO_LANG``, else
    the locale's messages category (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as
    POSIX ranks them), else on Windows the user's display language."""
    for name in ("JIANBAO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return normalise(value) or ENGLISH
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_language()
    return ENGLISH


def _windows_language() -> str:  # pragma: no cover - Windows only
    """Chinese when the user's Windows display language is (any) Chinese."""
    import ctypes

    langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    return "zh" if langid & 0x3FF == 0x04 else ENGLISH  # LANG_CHINESE


# ---------------------------------------------------------------------------
# Catalogs


@functools.cache
def catalog(lang: str) -> dict[tuple[str, int], str]:
    """The translations of ``lang``: (message, plural form) → translation;
    none (English) if the catalog is missing from a broken install."""
    path = CATALOGS / f"{lang}.po"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    return read_po(text, str(path))


def read_po(text: str, name: str = "<po>") -> dict[tuple[str, int], str]:
    """The entries of a gettext ``.po`` file: ``(msgid, n) → msgstr`` (``n``
    is the plural form, 0 for a message without plurals).  Comments,
    obsolete entries (``#~``) and the header are left out; so is an entry
    not yet translated (empty ``msgstr``)."""
    entries: dict[tuple[str, int], str] = {}
    fields: dict[str, str] = {}
    current: str | None = None

    def flush() -> None:
        msgid = fields.get("msgid")
        if msgid:  # the header's msgid is empty
            for key, value in fields.items():
                if key == "msgstr" and value:
                    entries[(msgid, 0)] = value
                elif key.startswith("msgstr[") and value:
                    entries[(msgid, int(key[7:-1]))] = value
        fields.clear()

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and fields:
                flush()
                current = None
            continue
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"{name}:{number}: a string continues no field")
            fields[current] += _po_string(line, name, number)
            continue
        keyword, _sep, rest = line.partition(" ")
        if keyword == "msgid" and "msgstr" in fields:
            flush()
        if keyword not in ("msgctxt", "msgid", "msgid_plural", "msgstr") and not (
            keyword.startswith("msgstr[") and keyword.endswith("]")
        ):
            raise ValueError(f"{name}:{number}: unknown field {keyword!r}")
        current = keyword
        fields[current] = _po_string(rest.strip(), name, number)
    flush()
    return entries


def _po_string(token: str, name: str, number: int) -> str:
    """A ``.po`` string literal (C escapes, as Python's)."""
    import ast  # only when a catalog is read: not for ``jianbao --version``

    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        raise ValueError(f"{name}:{number}: expected a quoted string, got {token!r}")
    value = ast.literal_eval(token)
    assert isinstance(value, str)
    return value
