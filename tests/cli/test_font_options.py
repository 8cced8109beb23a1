"""The --font option: ROLE=NAME[,NAME…] parsed and joined per role; malformed
values and unknown roles refused with a did-you-mean; the library's fixes
worded as options."""

from __future__ import annotations

import pytest

from jianbao.cli.options import FontOptionError, for_cli, parse_font_option
from jianbao.errors import Diagnostic, Fix
from jianbao.fonts.select import merge_choices


def test_font_options_parse_and_join() -> None:
    body = parse_font_option("body=仿宋_GB2312, FandolFang")
    assert (body.role, [n.value for n in body.names]) == ("body", ["仿宋_GB2312", "FandolFang"])
    merged = merge_choices([body, parse_font_option("title=X"), parse_font_option("body=Y")])
    assert [(c.role, [n.value for n in c.names]) for c in merged] == [
        ("body", ["仿宋_GB2312", "FandolFang", "Y"]),
        ("title", ["X"]),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("仿宋_GB2312", "'仿宋_GB2312' is not ROLE=NAME (e.g. body=仿宋_GB2312)"),
        ("kia=KaiTi", "unknown font role 'kia' in 'kia=KaiTi'; did you mean 'kai'?"),
        ("仿宋=X", "unknown font role '仿宋' in '仿宋=X'; did you mean 'body' (仿宋)?"),
        ("body=", "'body=' names no font"),
    ],
)
def test_bad_font_options(value: str, message: str) -> None:
    with pytest.raises(FontOptionError) as info:
        parse_font_option(value)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("fix", "library", "cli"),
    [
        (
            Fix("fallback", "body", ("FandolFang", "Noto Serif CJK SC")),
            "fonts: {body: [FandolFang, Noto Serif CJK SC]}",
            "--font 'body=FandolFang,Noto Serif CJK SC'",
        ),
        (Fix("font_dir"), "font_dirs", "--font-dir"),
        (Fix("font_name", names=("FandolKai",)), "did you mean 'FandolKai'?", "--font-dir"),
    ],
)
def test_the_library_says_what_to_set_and_the_cli_says_which_option(
    fix: Fix, library: str, cli: str
) -> None:
    """The same fix, as the issue file and the API write it, and as options."""
    problem = Diagnostic(None, "a font problem", library, fix=fix)
    worded = for_cli(problem)
    assert worded.message == problem.message and cli in (worded.hint or "")
    assert "--" not in library
