"""The offline archive: the site built for file:// use, zipped reproducibly.

MkDocs runs as a subprocess (the engine imports no MkDocs); Material's offline plugin is
switched on for this build only through ``BRIEFING_OFFLINE``.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

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
        return int(dt.datetime.now(dt.timezone.utc).timestamp())


def default_name(epoch: int) -> str:
    return f"briefing-room-{dt.datetime.fromtimestamp(epoch, dt.timezone.utc):%Y-%m-%d}.zip"


def build_offline(config: Path, site: Path, epoch: int) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "BRIEFING_OFFLINE": "true",
        "SOURCE_DATE_EPOCH": str(epoch),
        "NO_MKDOCS_2_WARNING": "1",
    }
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-q",
        "-f",
        str(config),
        "-d",
        str(site),
    ]
    return subprocess.run(command, env=env, capture_output=True, text=True)


def write_zip(site: Path, archive: Path, *, top: str) -> int:
    """Zip ``site`` under folder ``top`` with sorted entries and fixed times; returns the file count."""
    files = sorted(
        (p for p in site.rglob("*") if p.is_file()), key=lambda p: p.relative_to(site).as_posix()
    )
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for path in files:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(site).as_posix()}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, path.read_bytes())
    return len(files)


class ExportError(Exception):
    """The offline build failed; the message holds MkDocs' output."""


def export(config: Path, out: Path | None = None) -> tuple[Path, int]:
    """Build the offline site and write the archive; returns its path and the number of files."""
    epoch = source_date_epoch(config.parent)
    archive = out or Path("dist") / default_name(epoch)
    with tempfile.TemporaryDirectory(prefix="briefing-export-") as temp:
        site = Path(temp) / "site"
        result = build_offline(config, site, epoch)
        if result.returncode != 0:
            raise ExportError(result.stderr.strip() or "mkdocs build failed")
        count = write_zip(site, archive, top=archive.stem)
    return archive, count
