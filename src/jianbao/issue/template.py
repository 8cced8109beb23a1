"""New issue: the file of a series' next issue, every key explained in Chinese.

In: the folder the issue goes in, the date of issue (the CLI passes today;
the library never reads the clock) and optionally the series file.  Out: a
``NewIssue`` — file name ``YYYY-NN.yaml``, its text, the number — whose
text is valid as it stands: 期号 is one more than the highest of that year
among the series' issues (1 for the first), 总期号 one more than the
highest, the date the one given, and one placeholder article.

Keys the series file sets are listed as comments showing its value (write
one to override it); with no series, they are copied from the latest
issue in the folder, or left as placeholders.  The keys come from
``schema.SCHEMA``, so a key added to the format appears here too.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Set
from pathlib import Path
from typing import Any

import yaml

from ..errors import IssueError, JianbaoError
from ..i18n import _
from ..model import Text
from ..records import dataclass
from .kinds import Field, ListOf, Record
from .load import Document, Scalar, load_path, plain
from .schema import SCHEMA
from .series import find_series, issue_files, series_path

# What each key means, in Chinese, for the comments (path → note).
NOTES = {
    "series": "丛刊文件：各期共用的报头、报尾等；同一文件夹或上级文件夹的 jianbao.yaml 自动适用",
    "masthead": "报头",
    "masthead.name": "报头名称（红色大字）；分两行时写成列表：[第一行, 第二行]",
    "masthead.number": "期号，印作“第N期”；每年从1起",
    "masthead.supplement": "增刊：写 supplement: 1 印作“增刊第1期”，"
    "写 true 印作“增刊”（与 number 二选一）",
    "masthead.special": "特刊：写 special: 1 印作“特刊第1期”，"
    "写 true 印作“特刊”（与 number 二选一）",
    "masthead.total": "总期号，印作“总第N期”（可不写）",
    "masthead.issuer": "编印单位，印在报头左下",
    "masthead.date": "印发日期，写作 年-月-日，印作“2026年3月10日”",
    "masthead.mark": "左上角标注，如“内部资料 注意保存”（可不写）",
    "contents": "本期要目：true 印，false 不印；不写时两篇及以上文章自动印；"
    "也可写 {pages: true, heading: 本期导读}",
    "note": "本期编者按：印在要目之后、第一篇文章之前（可不写）",
    "articles": "文章，按顺序；每篇以“- title:”开始",
    "articles.file": "稿件文件（.docx、.md 或 .txt），写了就不用写 body；"
    "旁边写的标题等覆盖稿件中的",
    "articles.title": "标题；分行时写成列表：[第一行, 第二行]",
    "articles.kicker": "引题：标题上方的一行（可不写）",
    "articles.subtitle": "副题：标题下方的一行（可不写）",
    "articles.note": "编者按：印在文章之前，楷体（可不写）",
    "articles.source": "供稿单位，印在文章末尾右侧，如“（市交警支队供稿）”（可不写）",
    "articles.toc": "本期要目中的条目（可不写；默认为引题加标题）",
    "articles.body": "正文：空行分段；以“一、”“（一）”“1.”“（1）”开头的短段是标题；"
    "**文字** 为黑体强调",
    "colophon": "报尾：印在最后一页末尾",
    "colophon.report_to": "报：（上报单位）",
    "colophon.send_to": "送：（抄送单位）",
    "colophon.issue_to": "发：（下发单位）",
    "colophon.also_to": "本期增发：（仅本期增发的单位，可不写）",
    "colophon.copies": "印数，印作“共印N份”",
    "fonts": "字体：字体名或字体文件，可写列表（首选在前，后备在后）；不写用自带的 Fandol 字体",
    "fonts.title": "小标宋：报头名称、标题",
    "fonts.body": "仿宋：正文、期号、报尾",
    "fonts.heading": "黑体：“一、”标题、强调",
    "fonts.kai": "楷体：“（一）”标题、要目、副题",
    "fonts.folio": "页码字体（宋体）",
    "style": "版式选项（都可不写）",
    "style.page_numbers": "页码位置：outside 单页右、双页左（默认），centre 居中，none 不印",
    "style.first_page_number": "首页是否印页码：true（默认）或 false",
    "style.masthead_rule": "报头分隔线：single 单线（默认），double 上粗下细双线",
    "style.red": "红色：cmyk 四色红（默认），spot 专色红（双色印刷），none 不印红色（套打红头纸）",
    "style.pad_pages": "补白页：1 不补（默认），2 补成双数页（双面印），4 补成4的倍数（骑马订）",
    "style.colophon_even_page": "报尾放在双数页：true 或 false（默认）",
    "style.punctuation": "标点：pairs 相邻两个标点共占一格半（默认），"
    "full 每个标点都占一整格（严格对齐网格）",
    "style.widow_control": "孤行控制：true（默认）段落首行不单独留在页末、末行不单独出现在页首",
    "style.figures": "图片放不下时：float 移到下一页、后文补上空白（默认），here 留白另起一页",
    "style.copies_position": "“共印N份”：own_line 单独一行（默认），last_line 印在最后一行右端",
}
# Values a new issue needs when nothing else gives them.
PLACEHOLDERS: dict[str, object] = {
    "masthead.name": "（简报名称）",
    "masthead.issuer": "（编印单位）",
    "articles.title": "（标题）",
    "articles.body": "（正文第一段。）\n\n（正文第二段。）\n",
}
# Each placeholder text as it is printed (a body's paragraphs one by one),
# for proofreading to find those left in an issue.
PLACEHOLDER_TEXTS: tuple[str, ...] = tuple(
    part.strip()
    for value in PLACEHOLDERS.values()
    for part in str(value).split("\n\n")
    if part.strip()
)
# Keys that belong to one issue, never copied from the previous one.
OWN = (
    "masthead.number",
    "masthead.supplement",
    "masthead.special",
    "masthead.date",
    "masthead.total",
    "articles",
    "series",
)


@dataclass(frozen=True)
class NewIssue:
    """The next issue: where it goes, its text and its 期号."""

    path: Path
    text: str
    number: int
    series: Path | None


@dataclass(frozen=True)
class _Past:
    file: Path
    doc: Document
    number: int | None  # None: a 增刊 or 特刊, outside the regular numbering
    date: dt.date
    total: int | None
    series: Path | None  # the series file it belongs to, resolved


def new_issue(folder: Path, date: dt.date, *, series: Path | None = None) -> NewIssue:
    """The next issue of the series in ``folder`` (see the module docstring).

    ``series`` names the series file (default: the ``jianbao.yaml`` of
    ``folder`` or a parent, else the one the latest issue in ``folder``
    names).  The past issues are those of the series in its folder tree
    and in ``folder``'s (``series`` is the series of the issues there that
    name none, as ``render --series`` reads them).  Raises ``IssueError``
    if the series file is broken, ``JianbaoError`` if it does not exist.
    """
    found = find_series(folder)
    given = series.resolve() if series is not None else None
    if given is not None and not given.is_file():
        if given.is_dir():
            raise JianbaoError(_("{path}: series file is a folder").format(path=given))
        raise JianbaoError(_("{path}: series file not found").format(path=given))
    scanned = _past_issues(folder, given)
    series = given or found
    if series is None:  # follow the series the folder's latest issue names
        named = max(scanned, key=_order, default=None)
        series = named.series if named is not None and _is_file(named.series) else None
    if series is not None:
        seen = {p.file.resolve() for p in scanned}
        scanned += _past_issues(series.parent, given, skip=seen)
    past = [p for p in scanned if p.series == series]
    base = load_path(series) if series is not None else None
    this_year = [p for p in past if p.date.year == date.year]
    # 增刊 and 特刊 are numbered apart, but count in 总第.
    number = max((p.number for p in this_year if p.number is not None), default=0) + 1
    totals = [p.total for p in past if p.total is not None]
    latest = max((p for p in past if p.number is not None), key=_order, default=None)

    written: dict[str, object] = {"masthead.number": number, "masthead.date": date}
    if totals:
        written["masthead.total"] = max(totals) + 1
    inherited: dict[str, object] = {}
    if base is not None:
        inherited = _flatten(plain(base.root))
    elif latest is not None:
        data = _flatten(plain(latest.doc.root))
        written |= {k: v for k, v in data.items() if not _own(k)}
    if series is not None and series != found:
        written["series"] = Path(os.path.relpath(series, folder.resolve())).as_posix()
    elif series is not None:
        inherited["series"] = Path(os.path.relpath(series, folder.resolve())).as_posix()

    name = written.get("masthead.name", inherited.get("masthead.name", ""))
    title = "".join(name) if isinstance(name, list) else str(name)
    path = folder / f"{date.year}-{number:02d}.yaml"
    head = [
        f"# {title or '简报'} {date.year}年第{number}期（由 jianbao new 生成）。",
        f"# 写好文章后运行：jianbao render {path.name}",
        "# “#”后面是注释；去掉行首的“# ”即启用该项。",
    ]
    if series is not None:
        head.append("# 注释中列出的值来自丛刊文件，在这里写上即可覆盖。")
    lines = head + _record(SCHEMA, "", written, inherited, 0, commented=False)
    return NewIssue(path, "\n".join(lines) + "\n", number, series)


def _past_issues(root: Path, default: Path | None, skip: Set[Path] = frozenset()) -> list[_Past]:
    """The issues under ``root`` (but the files in ``skip``, resolved), each
    with the series it belongs to (``default`` for those that name none)."""
    out = []
    for file in issue_files(root) if root.is_dir() else []:
        if file.resolve() in skip:
            continue
        try:
            doc = load_path(file)
        except IssueError:
            continue
        belongs, _named = series_path(doc, file.parent, default)
        number = _value(doc, "number")
        date = _value(doc, "date")
        total = _value(doc, "total")
        apart = any(_value(doc, key) is not None or _flag(doc, key) for key in APART)
        if (isinstance(number, int) or apart) and isinstance(date, dt.date):
            total = total if isinstance(total, int) else None
            series = belongs.resolve() if belongs is not None else None
            kept = number if isinstance(number, int) and not apart else None
            out.append(_Past(file, doc, kept, date, total, series))
    return out


def _order(past: _Past) -> tuple[dt.date, int]:
    return past.date, past.number or 0


def _is_file(path: Path | None) -> bool:
    return path is not None and path.is_file()


# The masthead keys of issues numbered apart from the regular ones.
APART = ("supplement", "special")


def _flag(doc: Document, key: str) -> bool:
    node = doc.node(("masthead", key))
    return isinstance(node, Scalar) and node.value is True


def _value(doc: Document, key: str) -> object:
    node = doc.node(("masthead", key))
    if not isinstance(node, Scalar) or isinstance(node.value, Text | bool):
        return None
    return node.value


def _flatten(data: object, prefix: str = "") -> dict[str, object]:
    """``{"masthead": {"name": x}}`` → ``{"masthead.name": x}`` (lists kept whole)."""
    if not isinstance(data, Mapping):
        return {}
    out: dict[str, object] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out |= _flatten(value, path + ".")
        else:
            out[path] = value
    return out


def _own(key: str) -> bool:
    return any(key == k or key.startswith(k + ".") for k in OWN)


def _record(
    record: Record,
    prefix: str,
    written: Mapping[str, object],
    inherited: Mapping[str, object],
    indent: int,
    *,
    commented: bool,
) -> list[str]:
    """The lines of one mapping: ``series`` first, then the keys in order."""
    fields = sorted(record.fields, key=lambda f: f.key != "series")
    lines: list[str] = []
    for f in fields:
        lines += _field(f, prefix, written, inherited, indent, commented=commented)
    return lines


def _field(
    f: Field,
    prefix: str,
    written: Mapping[str, object],
    inherited: Mapping[str, object],
    indent: int,
    *,
    commented: bool,
) -> list[str]:
    path = prefix + f.key
    note = NOTES.get(path, f.term)
    pad = "  " * indent
    kind = f.kind
    if isinstance(kind, Record | ListOf):
        inner = dict(written)
        if f.required:
            inner |= {
                k: v
                for k, v in PLACEHOLDERS.items()
                if k.startswith(path + ".") and k not in inherited and k not in written
            }
        active = not commented and any(k.startswith(path + ".") for k in inner)
        header = _line(pad, f"{f.key}:", note, commented=not active)
        if isinstance(kind, Record):
            body = _record(kind, path + ".", inner, inherited, indent + 1, commented=not active)
            return [header, *body]
        item = _record(kind.item, path + ".", inner, inherited, indent + 2, commented=not active)
        return [header, *_as_list_item(item, "  " * (indent + 2))]
    properties = _properties(kind)
    if properties:  # a mapping the schema describes, e.g. fonts per role
        active = not commented and any(f"{path}.{key}" in written for key in properties)
        lines = [_line(pad, f"{f.key}:", note, commented=not active)]
        for key in properties:
            sub = f"{path}.{key}"
            sub_note = NOTES.get(sub, key)
            if active and sub in written:
                lines += _scalar(pad + "  ", key, written[sub], sub_note, commented=False)
            elif sub in inherited:
                lines += _scalar(pad + "  ", key, inherited[sub], sub_note, commented=True)
            else:
                lines.append(_line(pad + "  ", f"{key}:", sub_note, commented=True))
        return lines
    if path in written and not commented:
        return _scalar(pad, f.key, written[path], note, commented=False)
    if path in inherited:
        return _scalar(pad, f.key, inherited[path], note, commented=True)
    return [_line(pad, f"{f.key}:", note, commented=True)]


def _properties(kind: object) -> list[str]:
    schema = getattr(kind, "schema", None)
    described: Any = schema() if callable(schema) else {}
    properties = described.get("properties") if isinstance(described, dict) else None
    return list(properties) if isinstance(properties, dict) else []


def _scalar(pad: str, key: str, value: object, note: str, *, commented: bool) -> list[str]:
    if isinstance(value, str) and "\n" in value:
        lines = [_line(pad, f"{key}: |", note, commented=commented)]
        mark = "# " if commented else ""
        lines += [f"{pad}{mark}  {row}" if row else "" for row in value.rstrip("\n").split("\n")]
        return lines
    return [_line(pad, f"{key}: {_yaml(value)}", note, commented=commented)]


def _line(pad: str, text: str, note: str, *, commented: bool) -> str:
    return f"{pad}{'# ' if commented else ''}{text}  # {note}"


def _as_list_item(lines: list[str], pad: str) -> list[str]:
    """Turn the first key line of an item into ``- key``."""
    for i, line in enumerate(lines):
        if line.startswith(pad) and not line[len(pad) :].startswith("#"):
            lines[i] = pad[:-2] + "- " + line[len(pad) :]
            break
    return lines


def _yaml(value: object) -> str:
    """A value as YAML on one line (flow style)."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return text.removesuffix("\n").removesuffix("\n...").strip()
