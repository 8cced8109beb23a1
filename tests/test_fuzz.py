"""Random issues through the whole pipeline (Hypothesis, bounded and
derandomised so that CI runs the same examples every time).

Valid shapes with random text — CJK from every block, punctuation runs,
Latin and digit runs, emoji, combining marks, right-to-left letters — and
random invalid shapes go through ``load`` and ``render``, as a program's
mapping and as the YAML text a person writes.  The property: only
``IssueError`` or ``JianbaoError`` escape, and a render that succeeds has
every character of the input in the PDF's text.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from jianbao.errors import JianbaoError
from jianbao.fonts.face import bundled_dir
from jianbao.pipeline import Session, render

pytestmark = pytest.mark.usefixtures("shared_fonts")

EXAMPLES = 25
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _bundled_ideographs() -> list[str]:
    """The ideographs every bundled face has (7,942 of Fandol's)."""
    maps = [set(TTFont(f, lazy=True).getBestCmap()) for f in sorted(bundled_dir().glob("*.ttf"))]
    return [chr(c) for c in sorted(set.intersection(*maps)) if 0x4E00 <= c <= 0x9FFF]


# Text: what the bundled fonts set, and (ANY_TEXT) some that no font here has.
COMMON_CJK = st.sampled_from(_bundled_ideographs())
RARE = st.one_of(
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),  # Ext A
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # Ext B (beyond the BMP)
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1F64F),  # emoji
    st.sampled_from("\u0301\u0308\u20dd"),  # combining marks
    st.characters(min_codepoint=0x05D0, max_codepoint=0x05EA),  # Hebrew
    st.characters(min_codepoint=0x0627, max_codepoint=0x064A),  # Arabic
)
PUNCTUATION = st.sampled_from("，。、；：？！“”‘’（）《》——……·")
LATIN = st.text("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789%.-", min_size=1, max_size=12)
PRINTABLE = st.one_of(
    st.text(COMMON_CJK, min_size=1, max_size=30),
    st.text(PUNCTUATION, min_size=1, max_size=4),
    LATIN,
)
TEXT = st.lists(PRINTABLE, min_size=1, max_size=6).map("".join)
ANY_TEXT = st.lists(PRINTABLE | st.text(RARE, min_size=1, max_size=2), min_size=1, max_size=6).map(
    "".join
)
SHORT = st.lists(st.one_of(st.text(COMMON_CJK, min_size=1, max_size=8), LATIN), max_size=2).map(
    lambda parts: "简报" + "".join(parts)
)


@st.composite
def issues(draw: st.DrawFn, text: st.SearchStrategy[str] = TEXT) -> dict[str, Any]:
    """A valid issue: masthead, one to three articles of paragraphs."""
    articles = []
    for _ in range(draw(st.integers(1, 3))):
        paragraphs = draw(st.lists(text, min_size=1, max_size=4))
        article: dict[str, Any] = {"title": draw(text)[:16], "body": paragraphs}
        if draw(st.booleans()):
            article["source"] = draw(SHORT)
        articles.append(article)
    return {
        "masthead": {
            "name": draw(SHORT),
            "number": draw(st.integers(1, 9999)),
            "issuer": draw(SHORT),
            "date": f"2026-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}",
        },
        "articles": articles,
    }


# Any JSON-like value, for breaking shapes.
JUNK = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.floats(), ANY_TEXT, st.binary()
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def broken(draw: st.DrawFn) -> dict[str, Any]:
    """A valid issue with one value anywhere replaced by junk, or a key added."""
    data = draw(issues())
    node: Any = data
    path = []
    while isinstance(node, dict | list) and node and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        path.append(key)
        node = node[key]
    junk = draw(JUNK)
    if not path:
        data[draw(LATIN)] = junk
        return data
    parent: Any = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = junk
    return data


def texts(value: object) -> str:
    """Every character of the strings in ``value`` (values, not keys)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "".join(texts(v) for v in value.values())
    if isinstance(value, list):
        return "".join(texts(v) for v in value)
    return ""


def pdf_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def rendered_or_refused(session: Session, source: object) -> bytes | None:
    """The PDF, or None when refused with one of jianbao's own errors."""
    try:
        pdf = render(session.read(source)).pdf  # type: ignore[arg-type]
    except JianbaoError as exc:
        event(f"refused: {type(exc).__name__}")
        return None
    event("rendered")
    return pdf


def assert_printed(data: dict[str, Any], pdf: bytes) -> None:
    copied = unicodedata.normalize("NFC", pdf_text(pdf))
    wanted = {c for c in unicodedata.normalize("NFC", texts(data)) if not c.isspace()}
    # the date and 期号 print in Chinese numerals, not as written
    wanted -= set(texts(data["masthead"].get("date", "")))
    missing = sorted(wanted - set(copied))
    assert not missing, f"not in the PDF's text: {missing!r}"


@FUZZ
@given(data=issues())
def test_valid_issues_print_every_character(session: Session, data: dict[str, Any]) -> None:
    """Text the bundled fonts set: it renders, and all of it can be copied."""
    assert_printed(data, render(session.read(data)).pdf)


@FUZZ
@given(data=issues(ANY_TEXT))
def test_any_text_prints_or_is_refused_in_words(session: Session, data: dict[str, Any]) -> None:
    """Text from every block: what no font here has is refused, by name."""
    pdf = rendered_or_refused(session, data)
    if pdf is not None:
        assert_printed(data, pdf)


@FUZZ
@given(data=broken())
def test_broken_issues_are_refused_in_words(session: Session, data: dict[str, Any]) -> None:
    rendered_or_refused(session, data)


@FUZZ
@given(data=st.one_of(issues(), broken()), mangle=st.integers(0, 2**16))
def test_issue_text_cut_or_damaged_is_refused_in_words(
    session: Session, data: dict[str, Any], mangle: int
) -> None:
    """The YAML a person might leave half-edited: cut anywhere, or one
    character replaced by one of YAML's own."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=repr)
    at = mangle % max(len(text), 1)
    for damaged in (text[:at], text[:at] + "[{:'\"&*!|>#"[mangle % 11] + text[at + 1 :]):
        rendered_or_refused(session, damaged.encode("utf-8"))
