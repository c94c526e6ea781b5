"""Every internal link and anchor of built sites resolves, checked by LinkChecker (a real link
checker, from PyPI) crawling the site over HTTP on 127.0.0.1. Outside URLs are never fetched."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import QuietHandler
from helpers import HANG

# LinkChecker's command, kept as the user running the tests (see run_linkchecker.py).
LINKCHECKER = [sys.executable, str(Path(__file__).parent / "run_linkchecker.py")]
# AnchorCheck reports a link to a missing #anchor (as a warning, which fails the run). A request
# may take minutes on a loaded machine: the time-out only bounds a hang.
CONFIG = (
    f"[checking]\nthreads=4\nmaxrequestspersecond=1000\ntimeout={HANG}\naborttimeout={HANG}\n"
    "[filtering]\ncheckextern=0\n[AnchorCheck]\n"
)


class _Handler(QuietHandler):
    def end_headers(self) -> None:
        # LinkChecker waits between requests to one host unless the host says it may go faster.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


def linkcheck(base: str, **extra_env: str) -> tuple[subprocess.CompletedProcess, int]:
    """Run LinkChecker from ``base``; returns the run and how many links it checked."""
    folder = tempfile.mkdtemp(prefix="linkchecker-")
    config = Path(folder) / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    outside = (
        "^(?!" + re.escape(base) + ")"
    )  # every other URL is ignored: not fetched, not reported
    command = [
        *LINKCHECKER,
        "-f",
        str(config),
        "--no-status",
        "--no-robots",
        "--ignore-url",
        outside,
        base,
    ]
    env = {**os.environ, "HOME": folder, **extra_env}  # HOME: no user's own LinkChecker settings
    result = subprocess.run(command, capture_output=True, text=True, timeout=2 * HANG, env=env)
    checked = re.search(r"(\d+) links? in (\d+) URLs? checked", result.stdout)
    return result, int(checked.group(1)) if checked else 0


@pytest.mark.parametrize(
    "which", ["small_site", pytest.param("sample_site", marks=pytest.mark.slow)]
)
def test_linkchecker_finds_no_broken_link_or_anchor(request, serve, which):
    site = request.getfixturevalue(which)
    result, checked = linkcheck(serve(site, _Handler))
    print(f"LinkChecker: {checked} links checked in {which}")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert "0 warnings found. 0 errors found." in result.stdout
    pages = len(list(site.rglob("*.html")))
    assert checked > pages  # it crawled the site, not just the home page


def broken_copy(small_site: Path, tmp_path: Path) -> Path:
    """A copy of the small site with a link to a missing page and one to a missing anchor."""
    site = tmp_path / "site"
    shutil.copytree(small_site, site)
    page = site / "method" / "index.html"
    text = page.read_text(encoding="utf-8").replace(
        "</article>",
        '<a href="../no-such-page/">x</a> <a href="../timeline/#no-such-anchor">y</a></article>',
        1,
    )
    page.write_text(text, encoding="utf-8")
    return site


def assert_both_caught(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    assert "no-such-page" in result.stdout and "404" in result.stdout
    assert "Anchor `no-such-anchor'" in result.stdout
    assert "1 warning found. 1 error found." in result.stdout


def test_linkchecker_catches_a_broken_link_and_a_missing_anchor(serve, small_site, tmp_path):
    """The checker as configured fails on the two kinds of breakage it is here for."""
    result, _ = linkcheck(serve(broken_copy(small_site, tmp_path), _Handler))
    assert_both_caught(result)


def test_anchors_are_checked_wherever_the_checkout_lives(serve, small_site, tmp_path):
    """A checkout other users cannot read (a clone in a private folder, here LinkChecker itself
    copied into one): run as root, LinkChecker used to lose its AnchorCheck plugin there."""
    import linkcheck as linkchecker_package

    private = Path(tempfile.mkdtemp(prefix="private-checkout-"))
    private.chmod(0o700)
    shutil.copytree(Path(linkchecker_package.__file__).parent, private / "linkcheck")
    try:
        base = serve(broken_copy(small_site, tmp_path), _Handler)
        result, _ = linkcheck(base, PYTHONPATH=str(private))
    finally:
        shutil.rmtree(private)
    assert_both_caught(result)
