"""Load a whole briefs folder: every file, both registries, and the cross-file checks.

This is the one entry point the CLI and the MkDocs hooks share, so ``briefing check`` and
``mkdocs build --strict`` see the same problems.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..load.brief import Loaded, load_brief_text
from ..load.cache import FileCache, content_key
from ..load.files import (
    ACTORS_FILE,
    MAX_BYTES,
    TOPICS_FILE,
    display_path,
    display_paths,
    link_problem,
    regular_bytes,
    scan,
)
from ..load.registries import load_actors, load_topics
from ..markings import DEFAULT_MARKING
from ..model import Brief, Corpus, Marking, Problem, Severity, Unloaded
from ..parallel import map_chunks
from ..scales import DEFAULT, Scale
from . import judgments
from .cross import cross_checks
from .earlier import EarlierFindings
from .markings import give_default

DEFAULT_BRIEFS_DIR = "briefs"


def briefs_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The briefs folder: the argument, else ``$BRIEFS_DIR``, else ``briefs/``."""
    return Path(explicit or os.environ.get("BRIEFS_DIR") or DEFAULT_BRIEFS_DIR)


@dataclass
class Result:
    """A loaded corpus with every problem found on the way, sorted by file and line."""

    corpus: Corpus
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    # Every brief that loaded, errors or not: a partial check finds the briefs linking to a change
    # here.
    loaded: list[Brief] = field(default_factory=list)
    # Paths of the drafts, loaded or not: what they say is never shown on a page.
    drafts: set[str] = field(default_factory=set)
    # Files that became no brief, with the marking their text gives (the default where it has
    # none); a file whose marking is not known is not here, and is shown to no audience.
    unbuilt: dict[str, Marking] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def hints(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.HINT]

    def summary(self) -> str:
        return summary(self.files, self.problems)


def summary(files: int, problems: list[Problem]) -> str:
    """``"12 briefs, 0 errors, 2 warnings"``: the last line of ``briefing check``."""
    return f"{files} brief{'s' if files != 1 else ''}, {tally(problems)}"


def tally(problems: list[Problem]) -> str:
    """``"1 error, 2 warnings"``: the end of every check's summary line."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    hints = sum(p.severity is Severity.HINT for p in problems)
    text = (
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} "
        f"warning{'s' if warnings != 1 else ''}"
    )
    return text + (f", {hints} hint{'s' if hints != 1 else ''}" if hints else "")


def _load_chunk(_: None, paths: list[Path]) -> list[tuple[bytes | None, Loaded]]:
    """Each brief loaded, with its content key, from the bytes it was made from: a file with no
    entry in the cache is read here only, not first by the main process too."""
    loaded = []
    for path in paths:
        text, result = load_brief_text(path)
        # Strict UTF-8 decodes and encodes back to the very bytes read.
        loaded.append((content_key(text.encode("utf-8")) if text is not None else None, result))
    return loaded


def load_files(root: Path, files: list[Path], cache: FileCache | None = None) -> list[Loaded]:
    """Every brief file loaded: unchanged ones from the cache (by their size, time and inode,
    else by their content), the rest parsed (on every core when many). A ``cache`` handed in
    (kept in memory across the rebuilds of `mkdocs serve`) is not saved: its keeper saves it."""
    shown = display_paths(root, files)
    kept = cache is not None and cache.shown_root == display_path(root)
    if cache is None or not kept:
        cache = FileCache(display_path(root))
    results: list[Loaded | None] = [None] * len(files)
    stats: dict[int, os.stat_result] = {}
    contents: dict[int, bytes] = {}
    misses = []
    for index, path in enumerate(files):
        try:
            stats[index] = path.stat()
        except OSError:
            misses.append(index)  # load_brief names the file and says why
            continue
        if not stat.S_ISREG(stats[index].st_mode):
            del stats[index]  # a pipe or a device: refused unopened by load_brief, never cached
            misses.append(index)
            continue
        results[index] = cache.unchanged(shown[index], stats[index])
        if results[index] is not None:
            continue
        if not cache.has(shown[index]):
            misses.append(index)  # nothing to compare its bytes with: read once, where loaded
            continue
        # Read only a regular file of a brief's size (load_brief says why a bigger one is not read).
        data = regular_bytes(path) if stats[index].st_size <= MAX_BYTES else None
        if data is not None:
            contents[index] = content_key(data)
            results[index] = cache.same_content(shown[index], stats[index], contents[index])
        if results[index] is None:
            misses.append(index)
    fresh = list(
        map_chunks(_load_chunk, [files[index] for index in misses], chunk=250, minimum=400)
    )
    for index, (content, result) in zip(misses, fresh, strict=True):
        results[index] = result
        if content is not None and index in stats:
            cache.put(shown[index], stats[index], content, result)
    cache.keep_only(set(shown))
    if not kept:
        cache.save()
    return [result for result in results if result is not None]  # each file has its result


def check_folder(
    root: str | os.PathLike,
    *,
    today: dt.date | None = None,
    hints: bool = False,
    scale: Scale = DEFAULT,
    default_marking: Marking = DEFAULT_MARKING,
    cache: FileCache | None = None,
    earlier: EarlierFindings | None = None,
) -> Result:
    """Load and check every brief under ``root``. Briefs with errors are left out of the corpus.
    With ``hints``, the problems include hints (``briefing check --hints``); the build never asks.
    ``scale`` is the site's likelihood scale (``likelihood_scale`` in ``mkdocs.yml``); unmarked
    briefs get ``default_marking`` (its ``default_marking``). ``cache``: see ``load_files``;
    ``earlier``: the last check's findings by brief, under serve (``cross_checks``)."""
    root = Path(root)
    today = today or dt.date.today()
    shown_root = display_path(root)
    if not root.is_dir():
        problem = Problem(
            shown_root,
            1,
            Severity.ERROR,
            "briefs folder not found (set BRIEFS_DIR or pass the folder)",
        )
        return Result(Corpus(shown_root, [], {}, {}), [problem])
    actor_registry, topic_registry = (
        load_actors(root / ACTORS_FILE),
        load_topics(root / TOPICS_FILE),
    )
    actors, topics = actor_registry.entries, topic_registry.entries
    problems = actor_registry.problems + topic_registry.problems
    loaded: list[Brief] = []
    rejected: list[str] = []
    unbuilt: dict[str, Marking] = {}
    found = scan(root)
    problems.extend(found.problems)
    rejected.extend(display_path(path) for path in found.refused)
    files = found.files
    # A pull request may add a link to a file elsewhere on the machine: never read it.
    linked = {path: link_problem(path, root) for path in files if path.is_symlink()}
    linked_out = [path for path, why in linked.items() if why]
    for path, why in linked.items():
        if why:
            problems.append(Problem(display_path(path), 1, Severity.ERROR, why))
            rejected.append(display_path(path))
    inside = [path for path in files if path not in linked_out] if linked_out else files
    drafts: set[str] = set()
    results: dict[str, Loaded] = {}  # the loaded briefs', by path
    for path, result in zip(inside, load_files(root, inside, cache), strict=False):
        if result.value is not None:
            results[result.value.path] = result
        problems.extend(result.problems)
        if result.value is None:
            rejected.append(display_path(path))
            if result.draft:
                drafts.add(display_path(path))
            if result.marking is not None or result.unmarked:
                unbuilt[display_path(path)] = result.marking or default_marking
        else:
            loaded.append(result.value)
            if not result.value.published:
                drafts.add(result.value.path)
    give_default(loaded, default_marking)
    # So far, the files that could not be made into briefs: what links to them is judged by
    # what their text says (cross_checks).
    unloaded = [
        Unloaded(path, path in drafts, unbuilt.get(path))
        for path in rejected
        if path.endswith(".md")
    ]
    failed = {p.path for p in problems if p.severity is Severity.ERROR}
    broken = {"actor": actor_registry.broken, "topic": topic_registry.broken}
    key = judgments.wording_key(scale)
    wording_found: dict[str, list[Problem]] = {}
    if cache is not None:
        for brief_path, result in results.items():
            kept = cache.found_alone(brief_path, result, key)
            if kept is not None:
                wording_found[brief_path] = kept
    known = set(wording_found)
    problems.extend(
        cross_checks(
            loaded,
            actors,
            topics,
            today=today,
            failed=failed,
            hints=hints,
            broken=broken,
            scale=scale,
            unloaded=unloaded,
            wording_found=wording_found,
            earlier=earlier,
        )
    )
    if cache is not None:
        for brief_path in wording_found.keys() - known:
            cache.keep_found_alone(brief_path, results[brief_path], key, wording_found[brief_path])
    # A brief with any error stays off the site and is named in the problems: nothing is lost
    # silently.
    failing = {p.path for p in problems if p.severity is Severity.ERROR}
    rejected.extend(b.path for b in loaded if b.path in failing)
    briefs = [b for b in loaded if b.path not in failing]
    corpus = Corpus(shown_root, briefs, actors, topics, rejected=sorted(rejected))
    # The registries first: one mistake there explains the errors of every brief naming its entry.
    registries = {display_path(root / ACTORS_FILE), display_path(root / TOPICS_FILE)}
    problems.sort(
        key=lambda p: (p.path not in registries, p.path, p.line, p.severity.value, p.message)
    )
    return Result(
        corpus,
        problems,
        files=len(files) + len(found.refused),
        loaded=loaded,
        drafts=drafts,
        unbuilt=unbuilt,
    )
