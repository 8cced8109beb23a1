"""The issue format, declared once: validate an issue, export it as JSON Schema.

In: a loaded ``Document`` (``load``; an issue already laid over its series
file).  Out: a ``model.Issue`` (``validate``), or ``IssueError`` listing
every problem of the file at once as ``file:line:col: error: …``; and
``json_schema``, the same format as a JSON Schema (draft 2020-12) for
editors, so the two cannot disagree.

Format 1::

    masthead: {name, number | supplement | special, total?, issuer, date, mark?}
    contents?: true | false | {show?, pages?, heading?}   # default: on with ≥ 2 articles
    note?: body                      # 编者按 for the whole issue
    articles: [{title, kicker?, subtitle?, note?, source?, toc?, body}, …]
    colophon?: {report_to?, send_to?, issue_to?, also_to?, copies?}
    style?: {page_numbers?, first_page_number?, masthead_rule?, red?, pad_pages?,
             colophon_even_page?, punctuation?, widow_control?, figures?,
             copies_position?}

A body is body markup (``markup``) or a list of blocks (``blocks``).
    fonts?: {title?, body?, heading?, kai?, folio?}   # name or [name, fallback, …]
    series?: path of the series file whose keys this issue inherits
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from ..errors import IssueError
from ..fsutil import cache_dir
from ..i18n import N_, _
from ..model import (
    Article,
    Block,
    Colophon,
    Contents,
    FontChoice,
    Issue,
    IssueKind,
    Masthead,
    Style,
    Text,
)
from ..records import dataclass
from .blocks import Body, FilePath
from .drafts import DRAFT_SUFFIXES, read_draft
from .kinds import (
    Checker,
    Choice,
    Count,
    Date,
    Field,
    Flag,
    FontChoices,
    ListOf,
    Record,
    TextLine,
    TextLines,
    problem_order,
)
from .load import Document, KeyPath, MapNode, Node, Scalar, show
from .markup import HEADING_LIMIT
from .pictures import base_folder
from .series import NUMBER_KEYS


def _issue(
    masthead: Masthead,
    articles: tuple[Article, ...],
    contents: Contents | None = None,
    colophon: Colophon | None = None,
    fonts: tuple[FontChoice, ...] = (),
    series: Text | None = None,  # applied by ``series.with_series`` before validation
    style: Style | None = None,
    note: tuple[Block, ...] = (),
) -> Issue:
    auto = len(articles) >= 2
    if contents is None:
        contents = Contents(auto)
    elif contents.show is None:
        contents = dataclasses.replace(contents, show=auto)
    return Issue(
        masthead, articles, contents, colophon, fonts=fonts, style=style or Style(), note=note
    )


@dataclass(frozen=True)
class _DraftArticle:
    """An article that names its draft: the draft's path as written and
    the keys written beside it, which win over the draft's."""

    file: Text
    title: tuple[Text, ...] | None
    blocks: tuple[Block, ...] | None
    kicker: Text | None
    subtitle: Text | None
    note: tuple[Block, ...]
    source: Text | None
    toc: Text | None


def _article(
    title: tuple[Text, ...] | None = None,
    blocks: tuple[Block, ...] | None = None,
    file: Text | None = None,
    kicker: Text | None = None,
    subtitle: Text | None = None,
    note: tuple[Block, ...] = (),
    source: Text | None = None,
    toc: Text | None = None,
) -> Article | _DraftArticle:
    if file is not None:
        return _DraftArticle(file, title, blocks, kicker, subtitle, note, source, toc)
    assert title is not None and blocks is not None  # required without file:
    return Article(title, blocks, kicker, subtitle, note, source, toc)


def _from_draft(value: object, node: MapNode, path: KeyPath, ck: Checker) -> object | None:
    """An article read from its draft (``drafts.read_draft``), the keys
    written beside ``file:`` overriding what the draft gives."""
    if not isinstance(value, _DraftArticle):
        return value
    where = value.file.origin
    if value.blocks is not None:
        body = node.entry("body")
        ck.error(
            body.key_location if body is not None else where,
            _("{path} gives both file: and body:").format(path=show(path)),
            _("the body comes from the draft: remove body:, or remove file: and keep the text"),
        )
        return None
    folder = base_folder(where)
    draft_path = folder / value.file.value
    shown = str(Path(where.file).parent / value.file.value) if where else value.file.value
    if not draft_path.is_file():
        if draft_path.is_dir():
            message = _("draft '{name}' is a folder")
        else:
            message = _("draft '{name}' does not exist")
        ck.error(
            where,
            message.format(name=value.file.value),
            _("the path is relative to the file that names it"),
        )
        return None
    if draft_path.suffix.lower() not in DRAFT_SUFFIXES:
        ck.error(
            where,
            _("draft '{name}' is not a Word document or a text file").format(name=value.file.value),
            _("give a .docx, .md or .txt file"),
        )
        return None
    resolved = draft_path.resolve()
    key = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:12]
    images = (ck.draft_images or cache_dir() / "drafts") / key
    try:
        draft = read_draft(resolved, shown=shown, images=images, heading_limit=ck.heading_limit)
    except IssueError as exc:
        ck.problems.extend(exc.diagnostics)
        return None
    ck.warnings.extend(draft.warnings)
    title = value.title or draft.title
    if not title:
        ck.error(
            where,
            _("draft '{name}' has no title that jianbao can find").format(name=value.file.value),
            _("give the article its title beside file:, e.g. title: 市交警支队推进创城工作"),
        )
        return None
    if not draft.blocks:
        ck.error(
            where,
            _("draft '{name}' has no text after its title").format(name=value.file.value),
            _("is it the right file? the article's body comes from the draft"),
        )
        return None
    return Article(
        title,
        draft.blocks,
        value.kicker or draft.kicker,
        value.subtitle or draft.subtitle,
        value.note,
        value.source or draft.source,
        value.toc,
        draft=resolved,
    )


def _masthead(
    name: tuple[Text, ...],
    issuer: Text,
    date: dt.date,
    number: int | None = None,
    supplement: int | bool | None = None,
    special: int | bool | None = None,
    total: int | None = None,
    mark: Text | None = None,
) -> Masthead:
    kind: IssueKind = "regular"
    given: tuple[tuple[IssueKind, int | bool | None], ...] = (
        ("supplement", supplement),
        ("special", special),
    )
    for which, value in given:
        if value is not None:
            kind = which
            number = None if value is True else int(value)
    return Masthead(name, number, issuer, date, total, mark, kind)


def _contents(
    show: bool | None = None, pages: bool | None = None, heading: Text | None = None
) -> Contents:
    return Contents(show, pages, heading)  # type: ignore[arg-type]  # show: set by _issue


@dataclass(frozen=True)
class ContentsChoice:
    """``contents:`` true or false, or a mapping of its settings."""

    expected = N_("true, false or a mapping (show, pages, heading)")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> Contents | None:
        if isinstance(node, MapNode):
            value = CONTENTS.check(node, path, ck)
            return value if isinstance(value, Contents) else None
        show = Flag().check(node, path, ck)
        return None if show is None else Contents(show)

    def schema(self) -> dict[str, object]:
        return {"anyOf": [Flag().schema(), CONTENTS.schema()]}


@dataclass(frozen=True)
class NumberOrFlag:
    """A positive whole number, or true (增刊 without a number)."""

    expected = N_("a positive integer, or true")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> int | bool | None:
        value = node.value if isinstance(node, Scalar) else None
        if value is True:
            return True
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        hint = _("write supplement: 1 (增刊第1期) or true (增刊)")
        ck.wrong_type(node, path, self.expected, hint)
        return None

    def schema(self) -> dict[str, object]:
        return {"anyOf": [{"type": "integer", "minimum": 1}, {"const": True}]}


# The format, one field per line: key, kind, meaning, Chinese term.
# fmt: off
MASTHEAD = Record(_masthead, (
    Field("name", TextLines(), "bulletin name, one or more lines", "报头名称", required=True),
    Field("number", Count(), "issue number, printed 第 N 期", "期号"),
    Field("supplement", NumberOrFlag(), "a supplement instead of a numbered issue: "
          "1 prints 增刊第1期, true prints 增刊", "增刊"),
    Field("special", NumberOrFlag(), "a special issue: 2 prints 特刊第2期, true prints 特刊",
          "特刊"),
    Field("total", Count(maximum=99999), "running number of all issues, printed 总第 N 期",
          "总期号"),
    Field("issuer", TextLine(), "office that issues the bulletin", "编印单位", required=True),
    Field("date", Date(), "date of issue, printed 2021年3月10日", "印发日期", required=True),
    Field("mark", TextLine(), "mark at the top left, e.g. 内部资料 注意保存", "标注"),
), one_of=tuple(NUMBER_KEYS.values()),
   one_of_hint=N_("give number: N (第N期), supplement: N or true (增刊), or special: N or "
                  "true (特刊)"))
CONTENTS = Record(_contents, (
    Field("show", Flag(), "print the contents; default: with 2+ articles", "显示"),
    Field("pages", Flag(), "page numbers after dotted leaders; default: when the issue "
          "has more than 2 pages", "页码"),
    Field("heading", TextLine(), "its heading; default 本期要目 (本期导读, 目录 …)", "标题"),
))
ARTICLE = Record(_article, (
    Field("title", TextLines(), "title, one or more lines", "标题", required=True,
          unless="file"),
    Field("kicker", TextLine(), "line above the title", "引题"),
    Field("subtitle", TextLine(), "line below the title", "副题"),
    Field("body", Body(), "the text: paragraphs, headings, **emphasis**", "正文",
          required=True, arg="blocks", unless="file"),
    Field("note", Body(text_only=True), "editor's note before the article, printed after "
          "编者按：", "编者按"),
    Field("source", TextLine(), "source line after the article, e.g. （市交警支队供稿）", "供稿"),
    Field("toc", TextLine(), "its entry in the contents (default: kicker and title)", "要目条目"),
    Field("file", FilePath(), "a draft to read the article from: .docx, .md or .txt, "
          "relative to this file; the keys beside it override the draft's", "稿件"),
), finish=lambda value, node, path, ck: _from_draft(value, node, path, ck))
COLOPHON = Record(Colophon, (
    Field("report_to", TextLine(), "sent up to, printed after 报：", "报"),
    Field("send_to", TextLine(), "sent across to, printed after 送：", "送"),
    Field("issue_to", TextLine(), "issued down to, printed after 发：", "发"),
    Field("also_to", TextLine(), "sent this time only, printed after 本期增发：", "本期增发"),
    Field("copies", Count(maximum=1_000_000), "copies printed, printed 共印 N 份", "印数"),
))
STYLE = Record(Style, (
    Field("page_numbers", Choice(("outside", "centre", "none")),
          "page numbers: outside (odd right, even left), centre, or none", "页码位置"),
    Field("first_page_number", Flag(), "number the first page too (default true)", "首页页码"),
    Field("masthead_rule", Choice(("single", "double")),
          "masthead rule: single thick, or thick over thin", "报头分隔线"),
    Field("red", Choice(("cmyk", "spot", "none")),
          "red as CMYK 0/100/100/0, as a spot colour, or left out for pre-printed paper",
          "红色 / 套打"),
    Field("pad_pages", Choice((1, 2, 4)),
          "pad the page count to a multiple of 2 (duplex) or 4 (booklet)", "补白页"),
    Field("colophon_even_page", Flag(), "put the colophon on an even page", "报尾在偶数页"),
    Field("punctuation", Choice(("pairs", "full")),
          "punctuation: pairs (two adjacent marks in one and a half cells; default) "
          "or full (every mark a full cell, on the grid)", "标点挤压"),
    Field("widow_control", Flag(),
          "keep a paragraph's first and last lines off a page edge alone (default true)",
          "孤行控制"),
    Field("figures", Choice(("float", "here")),
          "an image that does not fit: float (to the next page, the text after it "
          "filling the gap; default) or here (it starts the next page, the gap left)",
          "图片位置"),
    Field("copies_position", Choice(("own_line", "last_line")),
          "共印 N 份 on its own line (default) or at the right end of the last line",
          "印数位置"),
))
SCHEMA = Record(_issue, (
    Field("masthead", MASTHEAD, "bulletin name, number, issuer and date", "报头", required=True),
    Field("contents", ContentsChoice(), "list the titles first (true/false, or show, pages, "
          "heading); default: on with 2+ articles", "本期要目"),
    Field("note", Body(text_only=True), "editor's note for the whole issue, after the "
          "contents", "编者按"),
    Field("articles", ListOf(ARTICLE), "the articles, in order", "文章", required=True),
    Field("colophon", COLOPHON, "distribution lines at the end of the last page", "报尾"),
    Field("style", STYLE, "page options: page numbers, rules, red, padding", "版式"),
    Field("fonts", FontChoices(), "fonts per role: a name or path, or a list "
          "(primary, then fallbacks)", "字体"),
    Field("series", TextLine(), "series file whose keys this issue inherits, relative "
          "to this file; default: a jianbao.yaml here or in a parent folder", "丛刊文件"),
))
# fmt: on


def validate(doc: Document, *, heading_limit: int = HEADING_LIMIT) -> Issue:
    """The ``Issue`` in ``doc``, or ``IssueError`` listing every problem."""
    ck = Checker(list(doc.problems), heading_limit, doc)
    if doc.root is None:
        needed = _(" and ").join(f"'{f.key}'" for f in SCHEMA.fields if f.required)
        ck.error(doc.start, _("the file is empty"), _("an issue needs at least {keys}").format(
            keys=needed))  # fmt: skip
        raise IssueError(ck.problems)
    issue = SCHEMA.check(doc.root, (), ck)
    if ck.problems or not isinstance(issue, Issue):
        raise IssueError(sorted(ck.problems, key=problem_order))
    return dataclasses.replace(issue, source=doc.file, warnings=tuple(ck.warnings))


def check_document(doc: Document, record: Record) -> object:
    """What ``record`` builds from ``doc`` (a config file, say), or
    ``IssueError`` listing every problem; an empty file gives ``record``'s
    defaults."""
    ck = Checker(list(doc.problems), HEADING_LIMIT, doc)
    if doc.root is None and not ck.problems:
        return record.build()
    if doc.root is None:
        raise IssueError(ck.problems)
    value = record.check(doc.root, (), ck)
    if ck.problems or value is None:
        raise IssueError(sorted(ck.problems, key=problem_order))
    return value


def json_schema() -> dict[str, object]:
    """``SCHEMA`` as a JSON Schema (draft 2020-12) document.

    It fits an issue file on its own and an issue completed by a series
    file, and the series file itself: only what a series cannot supply is
    required (an article's title and body — lists are not merged).  That
    the merged issue has everything is ``validate``'s job."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "jianbao issue file (format 1)",
        "description": (
            "One issue (期) of a work bulletin (工作简报), or a series file (丛刊文件, "
            "jianbao.yaml) holding the keys its issues share. An issue needs "
            + ", ".join(_required_paths(SCHEMA))
            + " once its series file is laid under it; a series file may supply any of "
            "them except inside an article (lists are replaced, not merged), so only "
            "an article's title and body are required here."
        ),
        **SCHEMA.schema(partial=True),
    }


def _required_paths(record: Record, prefix: str = "") -> list[str]:
    """The required keys of ``record`` as paths (``masthead.name``), list items as ``[]``."""
    out = []
    for f in record.fields:
        if not f.required:
            continue
        out.append(prefix + f.key)
        if isinstance(f.kind, Record):
            out += _required_paths(f.kind, f"{prefix}{f.key}.")
        elif isinstance(f.kind, ListOf):
            out += _required_paths(f.kind.item, f"{prefix}{f.key}[].")
    return out
