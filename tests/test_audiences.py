"""Audience builds, real MkDocs builds and exports of tests/audiencecorpus.py: nothing of a brief
above the audience's level in any byte of its site or archive, not even its existence; the
same brief with its banner in the build of its own level; TLP:RED only ever alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from audiencecorpus import AMBER, RED, STRICT, every_byte
from conftest import REPO, TODAY, mkdocs_build

from briefing.check.folder import check_folder

MARKERS = (AMBER, STRICT, RED)
LABEL = re.compile(r'<strong class="br-marking__label">(TLP:[A-Z+]+)</strong>')


def banner(page: Path) -> str:
    labels = LABEL.findall(page.read_text(encoding="utf-8"))
    assert len(labels) == 1, page
    return labels[0]


def leaks(files: dict[str, bytes], markers=MARKERS) -> list[str]:
    """Each file whose name or bytes hold a marker (in any case)."""
    return [
        f"{name}: {marker}"
        for name, data in files.items()
        for marker in markers
        if marker in name.lower() or marker.encode() in data.lower()
    ]


def run_export(*args: str, briefs: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "BRIEFS_DIR": str(briefs), "SOURCE_DATE_EPOCH": "1767225600"}
    env.pop("BRIEFING_AUDIENCE", None)
    command = [sys.executable, "-m", "briefing", "export", "--config", str(REPO / "mkdocs.yml")]
    return subprocess.run(
        [*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def archive_bytes(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zipped:
        files = {name: zipped.read(name) for name in zipped.namelist()}
        files["(zip comment)"] = zipped.comment
    return files


@pytest.fixture(scope="module")
def corpora(audience_sites) -> dict[str, Path]:
    return {
        "mixed": audience_sites["green"].parent / "briefs",
        "alone": audience_sites["green-alone"].parent / "briefs",
    }


def test_no_byte_of_the_green_build_holds_anything_of_a_brief_above_green(audience_sites):
    files = every_byte(audience_sites["green"])
    assert len(files) > 100 and any(name.startswith("search/") for name in files)
    assert "sitemap.xml" in files and "briefs.json" in files and "feeds/all.xml" in files
    assert leaks(files) == []


def test_the_green_build_is_byte_for_byte_the_build_of_its_briefs_alone(audience_sites):
    """Nothing says briefs above the level exist: no count, no tie, no "N more", no merge."""
    mixed, alone = every_byte(audience_sites["green"]), every_byte(audience_sites["green-alone"])
    assert sorted(mixed) == sorted(alone)
    assert [name for name in mixed if mixed[name] != alone[name]] == []


def test_the_amber_brief_is_in_the_amber_build_with_its_banner(audience_sites):
    site = audience_sites["amber"]
    page = site / "briefs" / f"{AMBER}-brief" / "index.html"
    text = page.read_text(encoding="utf-8")
    for field in ("title", "summary", "event", "place", "source title", "publisher", "judgment"):
        assert f"{AMBER} {field}" in text, field
    assert f"{AMBER} heading" in text and f"https://{AMBER}.example/report" in text
    assert banner(page) == "TLP:AMBER"
    assert 'class="br-tlp br-tlp--tlp-amber"' in text  # its own label in its card
    # It reaches the other pages of the AMBER build, and their roll-up says so.
    parade = site / "briefs" / "green-parade" / "index.html"
    assert f"{AMBER} title" in parade.read_text(encoding="utf-8")  # "Referenced by"
    assert banner(parade) == "TLP:AMBER"
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "Dates disagree" in timeline and f"{AMBER} event" in timeline
    files = every_byte(site)
    assert any(AMBER.encode() in data for name, data in files.items() if name.startswith("search/"))
    assert leaks(files, (STRICT, RED)) == []


def test_the_default_build_holds_every_hosted_marking_and_never_red(audience_sites):
    files = every_byte(audience_sites["strict"])
    assert (
        f"briefs/{STRICT}-brief/index.html" in files and f"briefs/{AMBER}-brief/index.html" in files
    )
    assert banner(audience_sites["strict"] / "briefs" / f"{STRICT}-brief" / "index.html") == (
        "TLP:AMBER+STRICT"
    )
    assert leaks(files, (RED,)) == []


def test_the_editors_page_of_a_green_build_names_nothing_above_green(corpora, tmp_path):
    """An editors' build (BRIEFING_EDITORS=true) for TLP:GREEN: its page is the check as GREEN's
    readers may see it; the warning that the GREEN brief's event is dated otherwise by the AMBER
    brief names that brief, and is left out, so the page is that of the GREEN briefs alone."""
    pages = {}
    for name in ("mixed", "alone"):
        site = tmp_path / name
        env = {"BRIEFING_AUDIENCE": "TLP:GREEN", "BRIEFING_EDITORS": "true"}
        result = mkdocs_build(corpora[name], site, extra_env=env)
        assert result.returncode == 0, result.stderr
        files = every_byte(site)
        assert leaks(files) == []
        pages[name] = files["attention/index.html"]
    assert banner(tmp_path / "mixed" / "attention" / "index.html") == "TLP:GREEN"
    assert b"2 brief files" in pages["mixed"] and b"for readers of TLP:GREEN" in pages["mixed"]
    assert pages["mixed"] == pages["alone"]
    # What was left out: the check's warning on the GREEN brief, naming the AMBER one.
    warned = check_folder(corpora["mixed"], today=TODAY).warnings
    assert any("green-parade.md" in p.path and AMBER in p.message for p in warned)


def test_a_red_audience_and_one_brief_alone_are_refused_for_a_hosted_site(corpora, tmp_path):
    red = mkdocs_build(
        corpora["mixed"], tmp_path / "red", extra_env={"BRIEFING_AUDIENCE": "TLP:RED"}
    )
    assert red.returncode != 0
    assert "TLP:RED is for named recipients and is never part of a hosted site" in red.stderr
    alone = mkdocs_build(
        corpora["mixed"], tmp_path / "one", extra_env={"BRIEFING_BRIEF": f"{RED}-brief"}
    )
    assert alone.returncode != 0 and "is never part of a hosted site" in alone.stderr
    assert not (tmp_path / "one" / "briefs").exists()
    typo = mkdocs_build(
        corpora["mixed"], tmp_path / "typo", extra_env={"BRIEFING_AUDIENCE": "TLP:GREN"}
    )
    assert typo.returncode != 0 and "did you mean 'TLP:GREEN'?" in typo.stderr


def test_the_green_archive_holds_nothing_above_green_and_is_the_archive_of_its_briefs_alone(
    corpora, tmp_path
):
    archives = {}
    for name in ("mixed", "alone"):
        folder = tmp_path / name
        folder.mkdir()
        result = run_export("--audience", "TLP:GREEN", briefs=corpora[name], cwd=folder)
        assert result.returncode == 0, result.stderr
        assert "marked TLP:GREEN" in result.stdout
        (archive,) = (folder / "dist").glob("*.zip")
        assert archive.name == "briefing-room-tlp-green-2026-01-01.zip"
        archives[name] = archive
    files = archive_bytes(archives["mixed"])
    assert any(name.endswith("/briefs/green-parade.html") for name in files)
    assert leaks(files) == []
    assert files["(zip comment)"].startswith(b"TLP:GREEN\n")
    assert archives["mixed"].read_bytes() == archives["alone"].read_bytes()


def test_one_red_brief_exports_alone_with_its_banner(corpora, tmp_path):
    result = run_export("--brief", f"{RED}-brief", briefs=corpora["mixed"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (archive,) = (tmp_path / "dist").glob("*.zip")
    assert archive.name == f"briefing-room-{RED}-brief-tlp-red-2026-01-01.zip"
    assert "marked TLP:RED" in result.stdout
    files = archive_bytes(archive)
    top = archive.stem
    briefs = sorted(name for name in files if name.startswith(f"{top}/briefs/"))
    assert briefs == [f"{top}/briefs/{RED}-brief.html"]
    page = files[f"{top}/briefs/{RED}-brief.html"].decode("utf-8")
    assert f"{RED} judgment" in page and LABEL.findall(page) == ["TLP:RED"]
    assert files[f"{top}/MARKING.txt"].startswith(b"TLP:RED\n") and files["(zip comment)"]
    assert leaks(files, (AMBER, STRICT)) == [] and b"green-parade" not in b"".join(files.values())


def test_an_archive_is_never_made_for_a_red_audience_or_an_unknown_brief(corpora, tmp_path):
    red = run_export("--audience", "TLP:RED", briefs=corpora["mixed"], cwd=tmp_path)
    assert red.returncode == 1 and "TLP:RED is for named recipients" in red.stderr
    typo = run_export("--brief", f"{RED}-brif", briefs=corpora["mixed"], cwd=tmp_path)
    assert typo.returncode == 1 and f"did you mean '{RED}-brief'?" in typo.stderr
    assert not (tmp_path / "dist").exists()
