"""Every internal link and anchor of built sites resolves, checked by LinkChecker (a real link
checker, from PyPI) crawling the site over HTTP on 127.0.0.1. Outside URLs are never fetched."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import QuietHandler

LINKCHECKER = Path(sys.executable).parent / "linkchecker"
# AnchorCheck reports a link to a missing #anchor (as a warning, which fails the run).
# Run as root, LinkChecker drops to "nobody": its config lives in a folder anyone may read.
CONFIG = (
    "[checking]\nthreads=4\nmaxrequestspersecond=1000\n[filtering]\ncheckextern=0\n[AnchorCheck]\n"
)


class _Handler(QuietHandler):
    def end_headers(self) -> None:
        # LinkChecker waits between requests to one host unless the host says it may go faster.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


def linkcheck(base: str) -> tuple[subprocess.CompletedProcess, int]:
    """Run LinkChecker from ``base``; returns the run and how many links it checked."""
    folder = tempfile.mkdtemp(prefix="linkchecker-")
    os.chmod(folder, 0o755)
    config = Path(folder) / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    config.chmod(0o644)
    outside = (
        "^(?!" + re.escape(base) + ")"
    )  # every other URL is ignored: not fetched, not reported
    command = [
        str(LINKCHECKER),
        "-f",
        str(config),
        "--no-status",
        "--no-robots",
        "--ignore-url",
        outside,
        base,
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": folder}
    )
    checked = re.search(r"(\d+) links? in (\d+) URLs? checked", result.stdout)
    return result, int(checked.group(1)) if checked else 0


@pytest.mark.parametrize("which", ["small_site", "sample_site"])
def test_linkchecker_finds_no_broken_link_or_anchor(request, serve, which):
    site = request.getfixturevalue(which)
    result, checked = linkcheck(serve(site, _Handler))
    print(f"LinkChecker: {checked} links checked in {which}")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert "0 warnings found. 0 errors found." in result.stdout
    pages = len(list(site.rglob("*.html")))
    assert checked > pages  # it crawled the site, not just the home page


def test_linkchecker_catches_a_broken_link_and_a_missing_anchor(serve, small_site, tmp_path):
    """The checker as configured fails on the two kinds of breakage it is here for."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(small_site, site)
    page = site / "method" / "index.html"
    text = page.read_text(encoding="utf-8").replace(
        "</article>",
        '<a href="../no-such-page/">x</a> <a href="../timeline/#no-such-anchor">y</a></article>',
        1,
    )
    page.write_text(text, encoding="utf-8")
    result, _ = linkcheck(serve(site, _Handler))
    assert result.returncode == 1
    assert "no-such-page" in result.stdout and "404" in result.stdout
    assert "Anchor `no-such-anchor'" in result.stdout
