"""The page options of the style: key: page numbers, masthead rule, red,
padding pages, the colophon's page, the editor's note and source line."""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from jianbao.errors import IssueError
from jianbao.issue.read import read_issue
from jianbao.layout.frame import RuleItem, TextItem
from jianbao.pipeline import Rendered, Session, render
from jianbao.theme import DEFAULT_THEME

LONG = "为深入贯彻落实工作动员会精神，我市召开工作会议，对有关工作进行安排部署。" * 14


def styled(
    tmp_path: Path,
    issue_yaml: Callable[..., str],
    session: Session,
    style: str,
    paragraphs: int = 1,
) -> Rendered:
    body = [LONG] * paragraphs or ["短讯。"]
    text = issue_yaml([("标题", body)], colophon="colophon:\n  copies: 20\n")
    path = tmp_path / "issue.yaml"
    path.write_text(text + style, encoding="utf-8")
    return render(path, session=session)


def folios(rendered: Rendered) -> list[TextItem | None]:
    out: list[TextItem | None] = []
    for page in rendered.layout.pages:
        found = [i for i in page.items if isinstance(i, TextItem) and i.kind == "folio"]
        out.append(found[0] if found else None)
    return out


def contents(pdf: bytes) -> bytes:
    """Every ASCII85+Flate stream of ``pdf``, decoded (ReportLab writes these)."""
    out = b""
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            data = base64.a85decode(re.sub(rb"\s", b"", raw).removesuffix(b"~>"))
            out += zlib.decompress(data)
        except (ValueError, zlib.error):
            continue
    return out


def test_default_page_numbers_outside(tmp_path, issue_yaml, session) -> None:  # type: ignore[no-untyped-def]
    marks = folios(styled(tmp_path, issue_yaml, session, "", paragraphs=3))
    assert len(marks) >= 2 and all(marks)
    theme = DEFAULT_THEME
    odd, even = marks[0], marks[1]
    assert odd is not None and even is not None
    assert odd.x + odd.advance() == pytest.approx(theme.block_right - theme.folio_size)
    assert even.x == pytest.approx(theme.block_left + theme.folio_size)


def test_centred_and_first_page_off(tmp_path, issue_yaml, session) -> None:  # type: ignore[no-untyped-def]
    style = "style:\n  page_numbers: centre\n  first_page_number: false\n"
    marks = folios(styled(tmp_path, issue_yaml, session, style, paragraphs=3))
    assert marks[0] is None
    centre = DEFAULT_THEME.block_left + DEFAULT_THEME.block_width / 2
    for mark in marks[1:]:
        assert mark is not None
        assert mark.x + mark.advance() / 2 == pytest.approx(centre)


def test_no_page_numbers(tmp_path, issue_yaml, session) -> None:  # type: ignore[no-untyped-def]
    marks = folios(styled(tmp_path, issue_yaml, session, "style:\n  page_numbers: none\n", 3))
    assert marks == [None] * len(marks)


@pytest.mark.parametrize(
    ("paragraphs", "pad", "blanks"), [(0, 2, 0), (0, 4, 2), (1, 4, 1), (2, 2, 0), (2, 4, 0)]
)
def test_pad_pages_adds_blank_unnumbered_pages(  # type: ignore[no-untyped-def]
    tmp_path, issue_yaml, session, paragraphs, pad, blanks
) -> None:
    plain = styled(tmp_path, issue_yaml, session, "", paragraphs=paragraphs)
    style = f"style:\n  pad_pages: {pad}\n"
    padded = styled(tmp_path, issue_yaml, session, style, paragraphs=paragraphs)
    assert padded.pages % pad == 0
    assert padded.pages >= plain.pages
    # The blank pages come before the page that carries the colophon, so
    # that it is the last (封四); they carry no page number.
    *text, last = padded.layout.pages
    assert any(getattr(i, "kind", "") == "colophon-rule" for i in last.items)
    assert [p.items for p in text[len(text) - blanks :]] == [()] * blanks
    assert all(p.items for p in text[: len(text) - blanks])
    assert not any(getattr(i, "kind", "") == "colophon-rule" for p in text for i in p.items)


def test_colophon_on_even_page(tmp_path, issue_yaml, session) -> None:  # type: ignore[no-untyped-def]
    plain = styled(tmp_path, issue_yaml, session, "", paragraphs=0)
    assert plain.pages == 1
    even = styled(tmp_path, issue_yaml, session, "style:\n  colophon_even_page: true\n", 0)
    assert even.pages == 2
    last = even.layout.pages[-1]
    assert any(isinstance(i, RuleItem) and i.kind == "colophon-rule" for i in last.items)
    first = even.layout.pages[0]
    assert not any(getattr(i, "kind", "") == "colophon-rule" for i in first.items)


def test_double_masthead_rule(tmp_path, issue_yaml, session) -> None:  # type: ignore[no-untyped-def]
    rendered = styled(tmp_path, issue_yaml, session, "style:\n  masthead_rule: double\n")
    rules = [i for i in rendered.layout.pages[0].items if getattr(i, "kind", "") == "masthead-rule"]
    assert len(rules) == 2
    thick, thin = sorted(rules, key=lambda r: r.y)
    assert isinstance(thick, RuleItem) and isinstance(thin, RuleItem)
    assert thick.width > thin.width and thin.top > thick.bottom


@pytest.mark.parametrize(
    ("red", "present", "absent"),
    [
        ("cmyk", [rb"0 1 1 0 k"], [rb"/Separation"]),
        ("spot", [rb"/Separation /Red /DeviceCMYK"], [rb"0 1 1 0 k"]),
        ("none", [], [rb"0 1 1 0 k", rb"/Separation"]),
    ],
)
def test_red_modes(tmp_path, issue_yaml, session, red, present, absent) -> None:  # type: ignore[no-untyped-def]
    rendered = styled(tmp_path, issue_yaml, session, f"style:\n  red: {red}\n")
    data = rendered.pdf + contents(rendered.pdf)
    for pattern in present:
        assert re.search(pattern, data), pattern
    for pattern in absent:
        assert not re.search(pattern, data), pattern
    # 套打 keeps the red's space: the layout is the same in every mode.
    kinds = [getattr(i, "kind", "") for i in rendered.layout.pages[0].items]
    assert "masthead" in kinds and "masthead-rule" in kinds


def test_bad_style_values(tmp_path, issue_yaml) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "issue.yaml"
    style = "style:\n  page_numbers: center\n  pad_pages: 3\n  red: yes\n"
    path.write_text(issue_yaml([("标题", ["正文。"])]) + style, encoding="utf-8")
    with pytest.raises(IssueError) as info:
        read_issue(path)
    messages = [str(d) for d in info.value.diagnostics]
    assert any(
        "style.page_numbers must be one of 'outside', 'centre', 'none', got 'center'" in m
        and "did you mean 'centre'?" in m
        for m in messages
    ), messages
    assert any("style.pad_pages must be one of 1, 2, 4, got 3" in m for m in messages), messages
    assert any("style.red must be one of 'cmyk', 'spot', 'none'" in m for m in messages)


def test_editor_note_and_source_line(tmp_path, session, fonts) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "issue.yaml"
    path.write_text(
        "masthead: {name: 工作简报, number: 1, issuer: 办公室, date: 2026-01-05}\n"
        "articles:\n"
        "  - title: 标题\n"
        "    note: 现将有关情况刊发，请**认真学习**。\n"
        "    source: （市交警支队供稿）\n"
        "    body: 正文第一段。\n",
        encoding="utf-8",
    )
    rendered = render(path, session=session)
    items = [i for i in rendered.layout.pages[0].items if isinstance(i, TextItem)]
    kinds = [i.kind for i in items]
    # The note comes before the title, the source line after the body.
    assert kinds.index("note") < kinds.index("title") < kinds.index("body") < kinds.index("source")
    note = [i for i in items if i.kind == "note"]
    assert note[0].text.startswith("编者按") and note[0].face is fonts.face("heading")
    assert any(i.face is fonts.face("kai") for i in note)
    theme = DEFAULT_THEME
    assert note[0].x == pytest.approx(theme.block_left + 2 * theme.cell)
    (source,) = [i for i in items if i.kind == "source"]
    assert source.x + source.advance() == pytest.approx(theme.block_right)
