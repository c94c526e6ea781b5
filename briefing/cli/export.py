"""The offline archive: the site built for file:// use, zipped reproducibly.

MkDocs (or ProperDocs: ``$BRIEFING_ENGINE``, ``briefing.engines``) runs as a subprocess (the
engine imports no MkDocs); Material's offline plugin is
switched on for this build only through ``BRIEFING_OFFLINE``, the audience through
``BRIEFING_AUDIENCE`` and one brief alone through ``BRIEFING_BRIEF``. The archive carries its
roll-up marking in its name, its zip comment and ``MARKING.txt`` at its top.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
import zipfile
from pathlib import Path

from .. import engines
from ..audience import AudienceError, hosted
from ..markings import parse, slug
from ..model import Marking

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # zip's epoch: entries carry no build time


def source_date_epoch(repo: Path) -> int:
    """The build's fixed time: $SOURCE_DATE_EPOCH, else the last commit's time, else now."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        )
        return int(out.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return int(dt.datetime.now(dt.UTC).timestamp())


def default_name(epoch: int, whom: str) -> str:
    """``briefing-room-tlp-green-2025-05-09.zip``: who it is for, and the date of its content."""
    return f"briefing-room-{whom}-{dt.datetime.fromtimestamp(epoch, dt.UTC):%Y-%m-%d}.zip"


def build_offline(
    config: Path,
    site: Path,
    epoch: int,
    *,
    audience: Marking | None = None,
    brief: str | None = None,
) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "BRIEFING_OFFLINE": "true",
        "SOURCE_DATE_EPOCH": str(epoch),
        "NO_MKDOCS_2_WARNING": "1",
        "BRIEFING_BRIEF": brief or "",  # never inherited: a whole archive unless asked
    }
    if audience is not None:
        env["BRIEFING_AUDIENCE"] = audience.value
    command = [
        *engines.command(),
        "build",
        "--strict",
        "-q",
        "-f",
        str(config),
        "-d",
        str(site),
    ]
    return subprocess.run(command, env=env, capture_output=True, text=True)


def write_zip(site: Path, archive: Path, *, top: str, comment: str = "") -> int:
    """Zip ``site`` under folder ``top`` with sorted entries and fixed times; returns the file
    count.
    """
    files = sorted(
        (p for p in site.rglob("*") if p.is_file()), key=lambda p: p.relative_to(site).as_posix()
    )
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.comment = comment.encode("utf-8")
        for path in files:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(site).as_posix()}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, path.read_bytes())
    return len(files)


class ExportError(Exception):
    """The offline build failed; the message holds MkDocs' output."""


def export(
    config: Path,
    out: Path | None = None,
    *,
    audience: Marking | None = None,
    brief: str | None = None,
) -> tuple[Path, int, str]:
    """Build the offline site and write the archive; returns its path, its number of files and
    its marking (the roll-up of what it holds)."""
    if audience is not None:
        try:
            hosted(audience)
        except AudienceError as err:
            raise ExportError(f"briefing export --audience: {err}") from None
    from ..plugin.config import OptionsError, read_options

    try:
        engines.engine()  # a misspelt $BRIEFING_ENGINE fails here, before any build
    except engines.EngineError as err:
        raise ExportError(f"briefing export: {err}") from None
    try:
        # The name of the archive needs the site's audience: a bad value fails here, at once.
        site_audience = read_options(config).audience
    except OptionsError as err:
        raise ExportError(str(err)) from None
    epoch = source_date_epoch(config.parent)
    with tempfile.TemporaryDirectory(prefix="briefing-export-") as temp:
        site = Path(temp) / "site"
        result = build_offline(config, site, epoch, audience=audience, brief=brief)
        if result.returncode != 0:
            raise ExportError(result.stderr.strip() or f"{engines.engine()} build failed")
        marking = _marking(site)
        whom = f"{brief}-{slug(marking)}" if brief else slug(audience or site_audience)
        archive = out or Path("dist") / default_name(epoch, whom)
        comment = (site / NOTICE).read_text(encoding="utf-8")
        count = write_zip(site, archive, top=archive.stem, comment=comment)
    return archive, count, marking.value


NOTICE = "MARKING.txt"  # written by the plugin (briefing.plugin.marking)


def _marking(site: Path) -> Marking:
    """The roll-up the build wrote on the first line of its notice."""
    first = (site / NOTICE).read_text(encoding="utf-8").split("\n", 1)[0]
    marking = parse(first)
    if marking is None:
        raise ExportError(f"the build wrote no marking in {NOTICE}: {first!r}")
    return marking
