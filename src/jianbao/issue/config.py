"""The config file (配置文件): the fonts an office uses for every issue.

In: the path of a config file (``default_config_path`` says where one is
looked for).  Out: a ``model.Config`` — fonts per role as in an issue file,
and more folders to search for fonts — or ``IssueError`` with every
problem at its file:line:col.  An empty file is an empty config::

    fonts:                      # as in an issue file
      title: 方正小标宋简体
      body: [仿宋_GB2312, FandolFang]
    font_dirs: [D:/公文字体]     # searched before the system folders
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ..i18n import N_
from ..model import Config
from .kinds import Field, FontChoices, Names, Record
from .load import load_path
from .schema import check_document

CONFIG_NAME = "config.yaml"

# fmt: off
CONFIG = Record(Config, (
    Field("fonts", FontChoices(), "fonts per role, as in an issue file", "字体"),
    Field("font_dirs", Names(N_("a folder or a list of folders")),
          "more folders to search for fonts", "字体文件夹"),
))
# fmt: on


def read_config(path: Path) -> Config:
    """The config file at ``path``, checked; ``IssueError`` if it is bad."""
    value = check_document(load_path(path), CONFIG)
    assert isinstance(value, Config)
    return value


def default_config_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$JIANBAO_CONFIG``, else ``$XDG_CONFIG_HOME/jianbao/config.yaml``, else
    ``%APPDATA%\\jianbao\\config.yaml`` on Windows, else
    ``~/.config/jianbao/config.yaml``.  It may not exist."""
    env = os.environ if environ is None else environ
    if env.get("JIANBAO_CONFIG"):
        return Path(env["JIANBAO_CONFIG"])
    if env.get("XDG_CONFIG_HOME"):
        return Path(env["XDG_CONFIG_HOME"]) / "jianbao" / CONFIG_NAME
    if os.name == "nt" and env.get("APPDATA"):
        return Path(env["APPDATA"]) / "jianbao" / CONFIG_NAME
    home = env.get("HOME") or env.get("USERPROFILE")
    return (Path(home) if home else Path.home()) / ".config" / "jianbao" / CONFIG_NAME
