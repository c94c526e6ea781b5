"""What the command line reads from ``mkdocs.yml``: the site's default marking, so that
``briefing check`` judges unmarked briefs as the build does (the engine imports no MkDocs)."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from ..markings import DEFAULT_MARKING, HOSTED, parse, problem
from ..model import Marking

PLUGIN = "briefing"


class SiteConfigError(Exception):
    """``mkdocs.yml`` cannot be read, or holds a value the engine refuses (the message says)."""


class _Loader(yaml.SafeLoader):
    """MkDocs' own tags, read as MkDocs reads them (``!ENV``) or as nothing (the rest)."""


def _env(loader: _Loader, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1]
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def plugin_options(config: Path) -> dict:
    """The ``briefing`` plugin's options in ``config``; none if the file is not there."""
    if not config.is_file():
        return {}
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise SiteConfigError(f"cannot read {config}: {err}") from None
    plugins = data.get("plugins") if isinstance(data, dict) else None
    for item in plugins if isinstance(plugins, list) else []:
        if isinstance(item, dict) and isinstance(item.get(PLUGIN), dict):
            return item[PLUGIN]
    return {}


def default_marking(config: Path) -> Marking:
    """``default_marking`` of the site configured by ``config``, else the engine's default."""
    return _marking(config, "default_marking", DEFAULT_MARKING)


def site_audience(config: Path) -> Marking:
    """The audience a build of ``config`` is for (``audience``, from $BRIEFING_AUDIENCE)."""
    return _marking(config, "audience", HOSTED[-1])


def _marking(config: Path, option: str, default: Marking) -> Marking:
    value = plugin_options(config).get(option)
    if value is None:
        return default
    marking = parse(str(value).strip())
    if marking is None:
        raise SiteConfigError(f"{config}: {option}: {problem(str(value))}")
    return marking
