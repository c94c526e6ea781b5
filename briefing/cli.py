"""The ``briefing`` command: parses arguments, calls the engine, prints results. No logic of its own."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import __version__
from . import catalog
from .corpus import briefs_dir, load_corpus
from .export import ExportError, export
from .render import render
from .load import ACTORS_FILE, TOPICS_FILE, display_path, load_actors, load_topics
from .model import Severity
from .new import NewBriefError, create
from .report import FORMATS
from .suggest import did_you_mean


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def cmd_check(args: argparse.Namespace) -> int:
    result = load_corpus(briefs_dir(args.path), today=args.today, hints=args.hints)
    sys.stdout.write(FORMATS[args.format](result.problems))
    if args.format != "json":
        print(result.summary(), file=sys.stderr if args.format == "github" else sys.stdout)
    return 1 if result.errors else 0


def cmd_new(args: argparse.Namespace) -> int:
    root = briefs_dir(args.briefs)
    actors, actor_problems = load_actors(root / ACTORS_FILE)
    topics, topic_problems = load_topics(root / TOPICS_FILE)
    registry_errors = [p for p in actor_problems + topic_problems if p.severity is Severity.ERROR]
    if registry_errors:
        sys.stderr.write(FORMATS["text"](registry_errors))
        print(f"briefing new: fix the registries in {display_path(root)} first", file=sys.stderr)
        return 2
    unknown = [f"unknown topic '{t}'{did_you_mean(t, topics)}" for t in args.topic if t not in topics]
    unknown += [f"unknown actor '{a}'{did_you_mean(a, actors)}" for a in args.actor if a not in actors]
    if unknown:
        for message in unknown:
            print(f"briefing new: {message}", file=sys.stderr)
        return 2
    try:
        path = create(root, args.title, topics=args.topic, actors=args.actor, today=args.today)
    except NewBriefError as err:
        print(f"briefing new: {err}", file=sys.stderr)
        return 1
    print(display_path(path))
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    result = load_corpus(briefs_dir(args.briefs), today=args.today)
    sys.stderr.write(FORMATS["text"]([p for p in result.problems if p.severity is Severity.ERROR]))
    if result.errors and args.strict:
        print(f"briefing render: {result.summary()}; not rendering (--strict)", file=sys.stderr)
        return 1
    written = render(catalog.build(result.corpus, today=args.today), Path(args.docs), Path(args.out_dir))
    print(f"{len(written)} pages written to {display_path(args.out_dir)} ({result.summary()})")
    return 1 if result.errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    try:
        archive, count = export(Path(args.config), Path(args.out) if args.out else None)
    except ExportError as err:
        print(err, file=sys.stderr)
        print("briefing export: the offline build failed; fix the problems above (briefing check)", file=sys.stderr)
        return 1
    print(f"{display_path(archive)}: {count} files; unzip it and open index.html")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Check, create and render Briefing Room briefs.")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="report every problem in the briefs, each as path:line", description="Load every brief and both registries and report all problems at once. Exit status 1 if any error.")
    check.add_argument("path", nargs="?", help="briefs folder (default: $BRIEFS_DIR or briefs/)")
    check.add_argument("--format", choices=sorted(FORMATS), default="text", help="text (default), github annotations, or json")
    check.add_argument("--hints", action="store_true", help="also show hints: actors listed but not named in the text, or named but not listed")
    check.add_argument("--today", type=_date, default=None, help=argparse.SUPPRESS)
    check.set_defaults(run=cmd_check)

    new = commands.add_parser("new", help="start a new brief from the template", description="Write a new draft brief under BRIEFS/YYYY/ with an id made from the title. Never overwrites.")
    new.add_argument("title", help="the brief's title")
    new.add_argument("--topic", action="append", required=True, help="topic id from topics.yml (repeatable)")
    new.add_argument("--actor", action="append", required=True, help="actor id from actors.yml (repeatable)")
    new.add_argument("--briefs", help="briefs folder (default: $BRIEFS_DIR or briefs/)")
    new.add_argument("--today", type=_date, default=None, help=argparse.SUPPRESS)
    new.set_defaults(run=cmd_new)

    rend = commands.add_parser("render", help="write every page (hand-written and generated) as Markdown", description="Write docs/ plus every generated page as Markdown into OUT_DIR, for MkDocs-compatible engines that run no hooks.")
    rend.add_argument("out_dir", metavar="OUT_DIR", help="folder to write the pages into")
    rend.add_argument("--briefs", help="briefs folder (default: $BRIEFS_DIR or briefs/)")
    rend.add_argument("--docs", default="docs", help="hand-written pages to include (default: docs/)")
    rend.add_argument("--strict", action="store_true", help="write nothing if any brief has an error")
    rend.add_argument("--today", type=_date, default=None, help=argparse.SUPPRESS)
    rend.set_defaults(run=cmd_render)

    exp = commands.add_parser("export", help="write the offline site as one .zip archive", description="Build the site for file:// use (Material's offline plugin, search included) and zip it reproducibly.")
    exp.add_argument("--out", help="archive path (default: dist/briefing-room-YYYY-MM-DD.zip, the date of the last commit)")
    exp.add_argument("--config", default="mkdocs.yml", help="MkDocs config (default: mkdocs.yml)")
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
