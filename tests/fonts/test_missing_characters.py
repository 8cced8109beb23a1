"""Characters no font of their role has: an error at each place, whose hint
names an installed font that has it (from the user's folders first, suited
to the role); with allow_missing a draft drawn from that font or left blank."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from choicekit import THEME, errors, options, rendered, session_of, with_fonts
from fontmaker import make_font, save
from layoutkit import glyph_origins
from officefonts import RARE, RARE_AT, make_office_fonts

import jianbao.fonts.index
from jianbao.errors import IssueError
from jianbao.layout.frame import TextItem


def test_missing_character_is_an_error_at_each_place_with_a_hint(
    office: Path, tmp_path: Path
) -> None:
    text = with_fonts("  body: 仿宋_GB2312\n").replace("字。", f"字{RARE}。")
    with pytest.raises(IssueError) as info:
        rendered(text, session_of(options(office, tmp_path)))
    line, col = RARE_AT
    label = f"'{RARE}' (U+20BB7 CJK UNIFIED IDEOGRAPH-20BB7)"
    message = f"error: character {label} is not in the body (仿宋) font (FangSong_GB2312)"
    hint = (
        "hint: the installed font 'ExtB Test' has it; add it as a fallback: "
        "fonts: {body: [FangSong_GB2312, ExtB Test]}"
    )
    assert errors(info) == [
        f"t.yaml:{line}:{col}: {message}\n  {hint}",
        f"t.yaml:{line}:{col + 2}: {message}\n  {hint}",
    ]


def test_allow_missing_draws_from_an_installed_font_or_leaves_a_gap(
    office: Path, tmp_path: Path
) -> None:
    text = with_fonts("  body: 仿宋_GB2312\n").replace("字。", "字\u4dc0。")  # ䷀: no font has it
    result = rendered(text, session_of(options(office, tmp_path, allow_missing=True)))
    messages = [(d.severity, d.hint) for d in result.warnings]
    assert messages == [
        ("warning", f"drawn from 'ExtB Test' ({office / 'extb.ttf'}) for this draft"),
        ("warning", "no installed font has it: its place is left empty in this draft"),
    ]
    body = [i for i in result.layout.pages[0].items if isinstance(i, TextItem) and i.kind == "body"]
    assert "".join(i.text for i in body) == f"测试正文{RARE}字。"  # the gap is not drawn
    rare = next(i for i in body if i.text == RARE)
    assert rare.face.family == "ExtB Test"
    at = dict(glyph_origins(body))
    # The missing ䷀ (a symbol, set at the primary face's width) keeps its room.
    assert at["。"] - at["字"] == pytest.approx(THEME.cell + THEME.body_size)


def test_missing_character_hint_prefers_a_font_suited_to_the_role(
    office: Path, tmp_path: Path
) -> None:
    save(make_font(RARE + "国", family={"en": "HeiExt", "zh": "黑体扩展"}, ps_name="HeiExt"),
         office / "heiext.ttf")  # fmt: skip
    save(make_font(RARE + "国", family={"en": "FangExt", "zh": "仿宋扩展"}, ps_name="FangExt"),
         office / "fangext.ttf")  # fmt: skip
    text = with_fonts("  body: 仿宋_GB2312\n").replace("字。", f"字{RARE}。")
    with pytest.raises(IssueError) as info:
        rendered(text, session_of(options(office, tmp_path)))
    hints = {d.hint for d in info.value.diagnostics}
    assert len(hints) == 1
    (hint,) = hints
    assert hint is not None and "'FangExt'" in hint, hint


def test_fonts_in_the_users_folders_come_before_the_systems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Chinese font in a system folder that has the character is passed over
    for the office's own font from its font folder, in the hint and in a
    draft alike (the system's folders are stood in for by one of ours)."""
    system = tmp_path / "system"
    noto = make_font(RARE + "国", family="Noto Sans CJK SC", ps_name="NotoSansCJKsc-Regular")
    save(noto, system / "NotoSansCJK.ttf")
    monkeypatch.setattr(jianbao.fonts.index, "_system_dirs", lambda env: [system])
    office = make_office_fonts(tmp_path / "office")
    own = replace(options(office, tmp_path / "cache"), system_fonts=True)
    assert own.system_fonts and system in session_of(own).selector.dirs()
    text = with_fonts("  body: 仿宋_GB2312\n").replace("字。", f"字{RARE}。")
    with pytest.raises(IssueError) as info:
        rendered(text, session_of(own))
    assert {d.hint for d in info.value.diagnostics} == {
        "the installed font 'ExtB Test' has it; add it as a fallback: "
        "fonts: {body: [FangSong_GB2312, ExtB Test]}"
    }
    draft = rendered(text, session_of(replace(own, allow_missing=True)))
    assert {d.hint for d in draft.warnings} == {
        f"drawn from 'ExtB Test' ({office / 'extb.ttf'}) for this draft"
    }


def test_the_hint_names_a_song_face_for_simplified_chinese_of_the_roles_weight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No 仿宋 has the character: a body hint names a regular Serif (Song)
    face for simplified Chinese, not the first CJK face found; a title hint
    keeps the bold the title face has."""
    system = tmp_path / "system"
    for family, ps, style in [
        ("Noto Sans CJK JP", "NotoSansCJKjp-Bold", "Bold"),
        ("Noto Sans CJK SC", "NotoSansCJKsc-Regular", "Regular"),
        ("Noto Serif CJK JP", "NotoSerifCJKjp-Regular", "Regular"),
        ("Noto Serif CJK SC", "NotoSerifCJKsc-Bold", "Bold"),
        ("Noto Serif CJK SC", "NotoSerifCJKsc-Regular", "Regular"),
    ]:
        save(make_font(RARE + "国", family=family, ps_name=ps, style=style), system / f"{ps}.ttf")
    monkeypatch.setattr(jianbao.fonts.index, "_system_dirs", lambda env: [system])
    own = replace(
        options(make_office_fonts(tmp_path / "office"), tmp_path / "cache"), system_fonts=True
    )
    (tmp_path / "office" / "extb.ttf").unlink()  # the office has no font with it
    text = with_fonts("  body: 仿宋_GB2312\n").replace("字。", f"字{RARE}。")
    text = text.replace("title: 测试标题", f"title: 测试{RARE}标题")
    with pytest.raises(IssueError) as info:
        rendered(text, session_of(own))
    hints = {
        d.message.split(" is not in the ")[1].split(" font")[0]: d.hint
        for d in info.value.diagnostics
    }
    assert "'Noto Serif CJK SC' has it" in hints["body (仿宋)"]
    assert "'Noto Serif CJK SC Bold' has it" in hints["title (小标宋)"]
