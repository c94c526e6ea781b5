"""The ``briefing`` command: parses arguments, calls the engine, prints results. No logic of its
own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .. import __version__, markings
from ..audience import AudienceError, corpus_for, hosted
from ..check.folder import briefs_dir, check_folder
from ..check.memo import check_report
from ..check.scope import scope_for, shown_in
from ..git.changes import changed_files
from ..git.repo import GitError
from ..load.files import ACTORS_FILE, TOPICS_FILE, display_path
from ..load.registries import load_actors, load_topics
from ..memory import paused_gc
from ..model import Marking, Severity
from ..scales import SCALES
from ..template import NewBriefError, create, id_problem, slugify
from ..wording import did_you_mean
from .prompt import Cancelled, ask_id, ask_ids, ask_text
from .report import FORMATS


def _marking(text: str) -> Marking:
    marking = markings.parse(text.strip())
    if marking is None:
        raise argparse.ArgumentTypeError(markings.problem(text))
    return marking


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


class UsageError(Exception):
    """A command line that cannot be run as given; the message says how to fix it."""


def _check_target(paths: list[str]) -> tuple[Path, list[Path] | None]:
    """The briefs folder, and the files to report on (None: all). One folder is the folder; files
    are briefs in it.
    """
    if len(paths) == 1 and (
        Path(paths[0]).is_dir()
        or not (Path(paths[0]).is_file() or paths[0].endswith((".md", ".yml", ".yaml")))
    ):  # an existing file is a file, whatever its name (x.MD, notes.txt: the check names them)
        return briefs_dir(paths[0]), None
    if not paths:
        return briefs_dir(), None
    root = briefs_dir()
    files = [Path(path) for path in paths]
    for path in files:
        if not path.is_file():
            raise UsageError(
                f"no such file: {path}"
                if not path.is_dir()
                else f"{path} is a folder: give one briefs folder, or brief files"
            )
        if shown_in(root, path) is None:
            raise UsageError(
                f"{path} is not in the briefs folder {display_path(root)} (set BRIEFS_DIR)"
            )
    return root, files


def _options(config: str):
    """The briefing plugin's options as ``mkdocs.yml`` sets them (imported here: only the commands
    that judge likelihood terms or staleness read them)."""
    from ..plugin.config import read_options

    return read_options(Path(config))


def cmd_check(args: argparse.Namespace) -> int:
    from ..plugin.config import OptionsError

    try:
        options = _options(args.config)
        root, files = _check_target(args.paths)
        if files is not None and args.changed is not None:
            raise UsageError("name brief files or use --changed, not both")
        # Asked before loading anything, so a question git cannot answer fails at once.
        changes = changed_files(root, args.changed or None) if args.changed is not None else None
    except (UsageError, GitError, OptionsError) as err:
        command = "briefing check --changed" if args.changed is not None else "briefing check"
        print(f"{command}: {err}", file=sys.stderr)
        return 2
    settings = {
        "today": args.today or dt.date.today(),
        "hints": args.hints,
        "scale": SCALES[options.likelihood_scale],
        "default_marking": options.default_marking,
    }
    with paused_gc(freeze=True):  # the process ends after one report
        if files is None and changes is None:  # the whole folder: unchanged, its last report
            report = check_report(root, **settings)
            problems, summary = report.problems, report.summary()
        else:
            result = check_folder(root, **settings)
            if files is not None:
                scope = scope_for(
                    root, result.loaded, files, [], "the files named and the briefs linking to them"
                )
            else:
                assert changes is not None
                scope = scope_for(
                    root,
                    result.loaded,
                    changes.changed,
                    changes.deleted,
                    f"changed against {changes.base} and the briefs linking to them",
                )
            if scope is None:  # the whole folder after all (a registry among the changes)
                problems, summary = result.problems, result.summary()
            else:
                problems = scope.select(result.problems)
                summary = scope.summary(problems, result.files)
    shown = [p for p in problems if p.severity is not Severity.HINT or args.hints]
    sys.stdout.write(FORMATS[args.format](shown))
    if args.format != "json":
        print(summary, file=sys.stdout if args.format == "text" else sys.stderr)
    return 1 if any(p.severity is Severity.ERROR for p in problems) else 0


def _ask_missing(args: argparse.Namespace, actors: dict, topics: dict) -> None:
    """Ask in the terminal for the title, topics, actors and summary the flags left out."""
    if not args.title:
        args.title = ask_text("Title: ", required=True)
    if not args.topic:
        args.topic = ask_ids("topic", {key: topic.title for key, topic in topics.items()})
    if not args.actor:
        args.actor = ask_ids("actor", {key: actor.name for key, actor in actors.items()})
    if args.summary is None:
        args.summary = (
            ask_text(
                "Bottom line up front, 1-3 sentences (Enter: fill it in later): ", required=False
            )
            or None
        )


def cmd_new(args: argparse.Namespace) -> int:
    root = briefs_dir(args.briefs)
    actor_registry, topic_registry = (
        load_actors(root / ACTORS_FILE),
        load_topics(root / TOPICS_FILE),
    )
    actors, topics = actor_registry.entries, topic_registry.entries
    registry_problems = actor_registry.problems + topic_registry.problems
    registry_errors = [p for p in registry_problems if p.severity is Severity.ERROR]
    if registry_errors:
        sys.stderr.write(FORMATS["text"](registry_errors))
        print(f"briefing new: fix the registries in {display_path(root)} first", file=sys.stderr)
        return 2
    unknown = [
        f"unknown topic '{t}'{did_you_mean(t, topics)}" for t in args.topic or [] if t not in topics
    ]
    unknown += [
        f"unknown actor '{a}'{did_you_mean(a, actors)}" for a in args.actor or [] if a not in actors
    ]
    if unknown:
        for message in unknown:
            print(f"briefing new: {message}", file=sys.stderr)
        return 2
    missing = [
        name
        for name, value in (("TITLE", args.title), ("--topic", args.topic), ("--actor", args.actor))
        if not value
    ]
    if args.id is not None and (problem := id_problem(root, args.id)):
        print(f"briefing new: --id {args.id}: {problem}", file=sys.stderr)
        return 2
    interactive = not args.no_input and sys.stdin.isatty()
    if missing:
        if not interactive:
            print(
                f"briefing new: missing {', '.join(missing)}: give them on the command "
                f"line, or run it in a terminal to be asked",
                file=sys.stderr,
            )
            return 2
        try:
            _ask_missing(args, actors, topics)
        except Cancelled:
            print("\nbriefing new: cancelled; nothing written", file=sys.stderr)
            return 1
    if args.id is None and (problem := id_problem(root, slugify(args.title))):
        if not interactive:
            print(f"briefing new: {problem}: give the brief an id with --id", file=sys.stderr)
            return 1
        print(f"{problem}: give the brief another id", file=sys.stderr)
        try:
            args.id = ask_id(lambda answer: id_problem(root, answer))
        except Cancelled:
            print("\nbriefing new: cancelled; nothing written", file=sys.stderr)
            return 1
    try:
        path = create(
            root,
            args.title,
            topics=args.topic,
            actors=args.actor,
            today=args.date or args.today,
            summary=args.summary,
            brief_id=args.id,
        )
    except NewBriefError as err:
        print(f"briefing new: {err}", file=sys.stderr)
        return 1
    print(display_path(path))
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    # Imported here: `briefing check`, the command run most, need not load the site stage.
    from .. import catalog
    from ..git import history
    from ..plugin.config import OptionsError
    from ..site.write import write_pages

    root = briefs_dir(args.briefs)
    try:
        options = _options(args.config)
        audience = hosted(args.audience)
    except (OptionsError, AudienceError) as err:
        print(f"briefing render: {err}", file=sys.stderr)
        return 2
    scale = SCALES[options.likelihood_scale]
    with paused_gc(freeze=True):
        result = check_folder(
            root, today=args.today, scale=scale, default_marking=options.default_marking
        )
    sys.stderr.write(FORMATS["text"]([p for p in result.problems if p.severity is Severity.ERROR]))
    if result.errors and args.strict:
        print(f"briefing render: {result.summary()}; not rendering (--strict)", file=sys.stderr)
        return 1
    # The same "Last updated" as the site; a History link only with $REPO_URL (mkdocs.yml's repo_url
    # is not read here).
    base = history.history_base(
        os.environ.get("REPO_URL"), os.environ.get("HISTORY_URI", "commits/main/")
    )
    corpus = corpus_for(result.corpus, audience)  # nothing above the audience is rendered
    revisions = history.revisions(corpus.briefs, root, history_base=base, repo_root=Path.cwd())
    out = Path(args.out_dir)
    if args.engine == "zensical":
        from .zensical import write_project

        try:
            write_project(Path(args.config), out)
        except (OSError, ValueError) as err:
            print(f"briefing render --for zensical: {err}", file=sys.stderr)
            return 2
        out = out / "docs"
    written = write_pages(
        catalog.build(
            corpus,
            today=args.today,
            revisions=revisions,
            stale_after_days=options.stale_after_days,
            scale=scale,
        ),
        Path(args.docs),
        out,
        from_source=args.engine == "zensical",
    )
    print(f"{len(written)} pages written to {display_path(out)} ({result.summary()})")
    return 1 if result.errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..engines import EngineError, engine
    from .export import ExportError, export

    try:
        engine()
    except EngineError as err:
        print(f"briefing export: {err}", file=sys.stderr)
        return 2
    try:
        archive, count, marking = export(
            Path(args.config),
            Path(args.out) if args.out else None,
            audience=args.audience,
            brief=args.brief,
        )
    except ExportError as err:
        print(err, file=sys.stderr)
        print(
            "briefing export: the offline build failed; fix the problems above (briefing check)",
            file=sys.stderr,
        )
        return 1
    print(f"{display_path(archive)}: {count} files, marked {marking}; unzip it and open index.html")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing", description="Check, create and render Briefing Room briefs."
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="report every problem in the briefs, each as path:line",
        description="Load every brief and both registries and report all problems "
        "at once. Exit status 1 if any error, 2 if the command cannot run. Briefs are "
        "parsed again only when their bytes changed, and a folder checked before and "
        "unchanged since gets its last report; both are kept in $BRIEFING_CACHE_DIR "
        "(default ~/.cache/briefing-room; BRIEFING_CACHE=0: none).",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="the briefs folder (default: $BRIEFS_DIR or briefs/), or brief files "
        "in it: report only those and the briefs linking to them",
    )
    check.add_argument(
        "--changed",
        nargs="?",
        const="",
        default=None,
        metavar="BASE",
        help="report only briefs changed against git BASE (default: the merge base "
        "with main), and the briefs linking to them",
    )
    check.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="text",
        help="text (default), github annotations, gitlab code-quality JSON, or json",
    )
    check.add_argument(
        "--hints",
        action="store_true",
        help="also show hints: actors listed but not named in the text, or named but not listed",
    )
    check.add_argument(
        "--config",
        default="mkdocs.yml",
        help="the MkDocs config whose briefing options apply (likelihood_scale, default_marking…; "
        "default: mkdocs.yml, if present)",
    )
    check.add_argument("--today", type=_date, default=None, help=argparse.SUPPRESS)
    check.set_defaults(run=cmd_check)

    new = commands.add_parser(
        "new",
        help="start a new brief from the template",
        description="Write a new draft brief under BRIEFS/YYYY/ (the year of its date) with an "
        "id made from the title, transliterated to Latin letters ('Заявление МИД' gives "
        "zaiavlenie-mid), or given with --id. Never overwrites. In a terminal, asks for what the "
        "flags leave out, and for an id when the title's is taken or reserved.",
    )
    new.add_argument(
        "title", nargs="?", help="the brief's title (asked for in a terminal if left out)"
    )
    new.add_argument(
        "--topic",
        action="append",
        help="topic id from topics.yml (repeatable; asked for in a terminal if left out)",
    )
    new.add_argument(
        "--actor",
        action="append",
        help="actor id from actors.yml (repeatable; asked for in a terminal if left out)",
    )
    new.add_argument("--summary", help="the bottom line up front (default: a TODO to fill in)")
    new.add_argument(
        "--id",
        help="the brief's id, its file name without .md (default: made from the title): "
        "lowercase letters, digits and single hyphens, unique, not a reserved id",
    )
    new.add_argument(
        "--date",
        type=_date,
        default=None,
        help="the brief's as-of date, YYYY-MM-DD (default: today); the file goes under "
        "BRIEFS/<its year>/",
    )
    new.add_argument(
        "--no-input",
        action="store_true",
        help="never ask: fail if the title, a topic or an actor is missing",
    )
    new.add_argument("--briefs", help="briefs folder (default: $BRIEFS_DIR or briefs/)")
    new.add_argument("--today", type=_date, default=None, help=argparse.SUPPRESS)
    new.set_defaults(run=cmd_new)

    rend = commands.add_parser(
        "render",
        help="write every page (hand-written and generated) as Markdown",
        description="Write docs/ plus every generated page as Markdown into OUT_DIR, "
        "for MkDocs-compatible engines that run no hooks.",
    )
    rend.add_argument("out_dir", metavar="OUT_DIR", help="folder to write the pages into")
    rend.add_argument("--briefs", help="briefs folder (default: $BRIEFS_DIR or briefs/)")
    rend.add_argument(
        "--docs", default="docs", help="hand-written pages to include (default: docs/)"
    )
    rend.add_argument(
        "--strict", action="store_true", help="write nothing if any brief has an error"
    )
    rend.add_argument(
        "--audience",
        type=_marking,
        default=os.environ.get("BRIEFING_AUDIENCE") or markings.HOSTED[-1].value,
        help="render only the briefs marked at or below this TLP label "
        "(default: $BRIEFING_AUDIENCE or TLP:AMBER+STRICT; never TLP:RED)",
    )
    rend.add_argument(
        "--config",
        default="mkdocs.yml",
        help="the MkDocs config whose briefing options apply (default: mkdocs.yml, if present)",
    )
    rend.add_argument(
        "--for",
        dest="engine",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="zensical: make OUT_DIR a Zensical project (OUT_DIR/mkdocs.yml, overrides/ and "
        "docs/, links as Zensical resolves them); build it with `cd OUT_DIR && zensical build`",
    )
    rend.add_argument("--today", type=_date, default=None, help=argparse.SUPPRESS)
    rend.set_defaults(run=cmd_render)

    exp = commands.add_parser(
        "export",
        help="write the offline site as one .zip archive",
        description="Build the site for file:// use (Material's offline plugin, search "
        "included) and zip it reproducibly.",
    )
    exp.add_argument(
        "--out",
        help="archive path (default: dist/briefing-room-AUDIENCE-YYYY-MM-DD.zip, the date of the "
        "last commit)",
    )
    exp.add_argument("--config", default="mkdocs.yml", help="MkDocs config (default: mkdocs.yml)")
    whom = exp.add_mutually_exclusive_group()
    whom.add_argument(
        "--audience",
        type=_marking,
        help="only the briefs marked at or below this TLP label "
        "(default: the site's audience, $BRIEFING_AUDIENCE or TLP:AMBER+STRICT; never TLP:RED)",
    )
    whom.add_argument(
        "--brief",
        metavar="ID",
        help="one brief alone, whatever its marking (TLP:RED included), for hand delivery",
    )
    exp.set_defaults(run=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
