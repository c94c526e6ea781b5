"""The engine is a setting: ProperDocs, the MkDocs 1.x fork, builds the same site byte for byte
but for the generator tag (ARCHITECTURE.md, "The road past Material 9")."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, mkdocs_build

from briefing import engines

# What may differ between the engines' outputs, and nothing else: Material's generator tag,
# which names the engine and its version, once in every HTML page.
GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-([^"]*), mkdocs-material-[^"]*">')


def _files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_properdocs_builds_the_sample_byte_for_byte_as_mkdocs_but_the_generator_tag(tmp_path):
    assert importlib.metadata.version("properdocs") == "1.6.7"  # the pin, not a fallback
    sites = {}
    # One brief cache for both, in this order: ProperDocs must not reuse pages MkDocs made.
    for name in ("mkdocs", "properdocs"):
        sites[name] = tmp_path / name
        result = mkdocs_build(REPO / "briefs", sites[name], extra_env={"BRIEFING_ENGINE": name})
        assert result.returncode == 0, result.stderr
    made, forked = _files(sites["mkdocs"]), _files(sites["properdocs"])
    assert sorted(made) == sorted(forked)
    pages = [path for path in made if path.endswith(".html")]
    assert len(pages) > 30
    for path in pages:
        assert [m.group(1) for m in GENERATOR.finditer(made[path])] == [b"1.6.1"], path
        assert [m.group(1) for m in GENERATOR.finditer(forked[path])] == [b"ProperDocs 1.6.7"], path
    differing = [path for path in made if made[path] != forked[path]]
    assert differing == pages  # every page differs in its tag, and no other file differs at all
    for path in pages:
        assert GENERATOR.sub(b"", made[path]) == GENERATOR.sub(b"", forked[path]), path


def test_the_plugin_loads_under_properdocs_through_its_mkdocs_entry_point():
    # ProperDocs reads both the properdocs.plugins and mkdocs.plugins entry points; ours is the
    # latter, and its `from mkdocs...` imports are aliased to ProperDocs' modules.
    code = (
        "import properdocs.replacement, properdocs.plugins as p; "
        "from briefing.plugin.plugin import BriefingPlugin as B; "
        "print(p.get_plugins()['briefing'].load() is B, issubclass(B, p.BasePlugin))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["True", "True"], result.stderr


def test_an_unknown_engine_is_refused_with_the_choices():
    with pytest.raises(engines.EngineError) as caught:
        engines.engine("zensical")
    assert str(caught.value) == (
        "BRIEFING_ENGINE='zensical' is not an engine this site builds with: "
        "use mkdocs or properdocs"
    )
    assert engines.command("properdocs")[1:] == ["-m", "properdocs"]


def test_export_refuses_an_unknown_engine_before_building(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "export", "--out", str(tmp_path / "a.zip")],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "BRIEFING_ENGINE": "hugo"},
    )
    assert result.returncode == 2
    assert result.stderr == (
        "briefing export: BRIEFING_ENGINE='hugo' is not an engine this site builds with: "
        "use mkdocs or properdocs\n"
    )
    assert not (tmp_path / "a.zip").exists()


def test_the_end_of_life_the_makefile_hides_is_told_to_operators_and_maintainers():
    from test_coupling import INVENTORY

    notice = Path(importlib.util.find_spec("material.templates").origin).read_text(encoding="utf-8")
    assert "reaches end of life on May 5, 2027" in notice  # what Material prints, and we hide
    assert "export NO_MKDOCS_2_WARNING := 1" in (REPO / "Makefile").read_text(encoding="utf-8")
    operators = (REPO / "deploy" / "README.md").read_text(encoding="utf-8")
    assert "end of life on 5 May 2027" in operators[:600] and "ENGINE=properdocs" in operators
    maintainers = INVENTORY.read_text(encoding="utf-8")
    assert "## The road past Material 9" in maintainers and "5 May 2027" in maintainers
