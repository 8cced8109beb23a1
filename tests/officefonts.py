"""An office's font folder and a small issue that names its fonts, built at test time.

In: a folder.  Out: tiny fonts named like the ones offices have (仿宋_GB2312,
方正小标宋简体 as CFF, a .ttc of two faces, a font with 𠮷 U+20BB7 from CJK
Extension B) and ``ISSUE``, whose ``fonts:`` mapping names them.  Every font
but the Extension B one covers every character of ``ISSUE`` except 𠮷.
"""

from __future__ import annotations

from pathlib import Path

from fontmaker import make_font, save, save_collection

from jianbao.cli.fonts import CJK_SAMPLE

RARE = "\U00020bb7"  # 𠮷, CJK Extension B

# Line 9 is the body paragraph; 𠮷 is its 5th character (col 7 + 4 = 11).
ISSUE = f"""\
masthead:
  name: 工作简报
  number: 3
  issuer: 测试办公室
  date: 2021-03-10
articles:
  - title: 测试标题
    body: |
      测试正文{RARE}字。
fonts:
  title: 方正小标宋简体
  body: [仿宋_GB2312, 测试扩展B]
"""
RARE_AT = (9, 11)

# Every character the issue prints, a few the layout measures with, and
# those that make ``jianbao fonts`` count a face as Chinese.
COMMON = "".join(
    sorted(
        {c for c in ISSUE if c.isprintable() and c != RARE}
        | set("0123456789第期年月日—国 " + CJK_SAMPLE)
    )
)

FANG = {"en": "FangSong_GB2312", "zh": "仿宋_GB2312"}
XBS = {"en": "FZXiaoBiaoSong-B05S", "zh": "方正小标宋简体"}
EXTB = {"en": "ExtB Test", "zh": "测试扩展B"}


def make_office_fonts(root: Path) -> Path:
    """Write the office's fonts into ``root`` and return it."""
    save(make_font(COMMON, family=FANG, ps_name="FangSong_GB2312"), root / "simfang.ttf")
    xbs = make_font(COMMON, family=XBS, ps_name="FZXBSJW--GB1-0", cff=True)
    save(xbs, root / "FZXBSJW.otf")
    faces = [
        make_font(COMMON, family="Sim Test", ps_name="SimTest"),
        make_font(COMMON, family={"en": "NSim Test", "zh": "新宋测试"}, ps_name="NSimTest"),
    ]
    save_collection(faces, root / "sub" / "simsun.ttc")
    save(make_font(RARE + "国", family=EXTB, ps_name="ExtBTest"), root / "extb.ttf")
    return root
