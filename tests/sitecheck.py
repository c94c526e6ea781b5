"""Reading a built site in tests: pages, their links and anchors, parsed with the standard
library.
"""

from __future__ import annotations

import html.parser
import posixpath
import urllib.parse
from pathlib import Path


class PageParser(html.parser.HTMLParser):
    """Collects ids, link targets and every attribute of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            value = value or ""
            self.attributes.append((tag, name, value))
            if name == "id":
                self.ids.add(value)
            if (tag, name) in {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")}:
                self.links.append((tag, value))


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_file(site: Path, url_path: str) -> Path | None:
    """The file a site-relative URL path is served from, or None."""
    candidate = site / url_path.lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path) -> list[str]:
    """Every internal link or anchor in the built site that does not resolve."""
    parsed = {path: parse(path) for path in site.rglob("*.html")}
    broken = []
    for path, page in parsed.items():
        base = "/" + path.relative_to(site).as_posix()
        for _tag, url in page.links:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "data:")):
                continue
            if not parts.path:
                target = path
            else:
                resolved = posixpath.normpath(
                    posixpath.join(posixpath.dirname(base), urllib.parse.unquote(parts.path))
                )
                if parts.path.endswith("/"):
                    resolved += "/"
                target = page_file(site, resolved)
            if target is None:
                broken.append(f"{base}: {url}")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and target in parsed
                and urllib.parse.unquote(parts.fragment) not in parsed[target].ids
            ):
                broken.append(f"{base}: {url} (no such anchor)")
    return broken
