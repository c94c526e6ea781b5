"""The SVG every picture shares: escaping, numbers, the accessible frame and the axis of time."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

WIDTH = 720  # viewBox units; about one CSS pixel each in Material's content column
# Every label is 12 units: at Material's narrowest desktop column (688 px for 720 units) that is
# 11.5 CSS px, and on a phone the picture keeps 720 px and scrolls sideways in its own box
# (docs/stylesheets/briefing.css), so no label is ever drawn under 11 px.
FONT = 12
CHAR = 6.8  # the width of an average character at FONT, for fitting labels


def esc(value: object) -> str:
    """Text for SVG content or a double-quoted attribute (SVG is XML: no HTML-only entities).
    Line breaks become spaces, as SVG would show them: a picture never holds a blank line,
    which would end its raw HTML block in the Markdown of ``briefing render``."""
    return html.escape(" ".join(str(value).splitlines()), quote=True)


def num(value: float) -> str:
    """A coordinate with one decimal, the same on every machine: stable bytes, small files."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def link(href: str, tooltip: str, shape: str) -> str:
    """A shape that opens ``href``; its <title> is the tooltip and the link's accessible name."""
    return f'<a href="{esc(href)}"><title>{esc(tooltip)}</title>{shape}</a>'


def frame(
    ident: str,
    title: str,
    desc: str,
    body: str,
    height: float,
    *,
    linked: bool,
    caption: str = "",
    kind: str = "",
) -> str:
    """The whole picture: a <figure> around an inline <svg> with its title and description.

    A picture with links is a group (its links stay reachable by keyboard and screen reader);
    one without is a single image. ``ident`` must be unique within the page.
    """
    role = "group" if linked else "img"
    # On a phone the picture scrolls sideways in its box: one without links takes the focus
    # itself, so it can be scrolled from the keyboard too.
    focus = "" if linked else ' tabindex="0"'
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    classes = f"br-picture br-picture--{kind}" if kind else "br-picture"
    return (
        f'<figure class="{classes}"{focus}>'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {num(height)}" '
        f'role="{role}" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" font-size="{FONT}" '
        f'fill="currentColor">'
        f'<title id="{ident}-title">{esc(title)}</title><desc '
        f'id="{ident}-desc">{esc(desc)}</desc>\n'
        f"{body}</svg>{figcaption}</figure>\n"
    )


@dataclass(frozen=True)
class TimeAxis:
    """Days mapped onto the horizontal span ``left``–``right``."""

    start: dt.date
    end: dt.date
    left: float
    right: float

    @classmethod
    def around(
        cls, first: dt.date, last: dt.date, left: float, right: float, *, margin: float = 0.03
    ) -> TimeAxis:
        span = max((last - first).days, 1)
        pad = dt.timedelta(days=max(10, round(span * margin)))
        return cls(first - pad, last + pad, left, right)

    def x(self, day: dt.date) -> float:
        return self.left + (day - self.start).days / max((self.end - self.start).days, 1) * (
            self.right - self.left
        )

    def ticks(self) -> list[tuple[dt.date, str]]:
        """Dates to mark on the axis and their labels: years, or months over a short span."""
        days = (self.end - self.start).days
        if days > 500:
            return [
                (dt.date(y, 1, 1), str(y)) for y in range(self.start.year + 1, self.end.year + 1)
            ]
        months = []
        year, month = self.start.year, self.start.month
        while True:
            month += 1
            if month > 12:
                year, month = year + 1, 1
            first = dt.date(year, month, 1)
            if first > self.end:
                break
            months.append(first)
        step = max(1, -(-len(months) // 8))
        return [(m, f"{m:%b %Y}") for i, m in enumerate(months) if i % step == 0]

    def year_labels(self) -> list[tuple[float, str]]:
        """Over a long span, each year's label in the middle of its stretch of the axis: every year
        is named, the first and last included, unless the years are too many to fit (then every
        second, third… year) or a stretch at the edge is too short to hold its label."""
        years = range(self.start.year, self.end.year + 1)
        room = 4 * CHAR + 8
        per_year = (self.right - self.left) * 365.25 / max((self.end - self.start).days, 1)
        step = max(1, -(-int(room) // max(int(per_year), 1)))
        labels = []
        for year in years:
            if (year - years[0]) % step:
                continue
            left = self.x(max(dt.date(year, 1, 1), self.start))
            right = self.x(min(dt.date(year + 1, 1, 1), self.end))
            if right - left >= room or step > 1:
                labels.append(((left + right) / 2, str(year)))
        return labels


def axis(time: TimeAxis, top: float, bottom: float) -> tuple[str, str]:
    """Light vertical lines at each tick across ``top``–``bottom`` (drawn first, behind the marks,
    and never catching the pointer), and their labels below: each year named in the middle of its
    stretch over a long span, each tick's month over a short one."""
    lines, labels = [], []
    long_span = (time.end - time.start).days > 500
    for day, label in time.ticks():
        x = num(time.x(day))
        lines.append(f'<line x1="{x}" y1="{num(top)}" x2="{x}" y2="{num(bottom)}"/>')
        if not long_span:
            labels.append(
                f'<text x="{x}" y="{num(bottom + 14)}" text-anchor="middle">{esc(label)}</text>'
            )
    if long_span:
        labels = [
            f'<text x="{num(x)}" y="{num(bottom + 14)}" text-anchor="middle">{esc(label)}</text>'
            for x, label in time.year_labels()
        ]
    return (
        f'<g class="br-grid" stroke="currentColor" stroke-opacity="0.2" '
        f'pointer-events="none">{"".join(lines)}</g>\n',
        f'<g class="br-axis">{"".join(labels)}</g>\n',
    )


def period_labels(
    periods: list[tuple[int, int | None]], place: dict, column: float, y: float
) -> str:
    """Labels under columns of years or months that never overlap: years (and Januaries) first,
    then the first column, then months at an even step while there is room."""
    candidates = []
    step = max(1, -(-len(periods) // 12))
    for index, (year, month) in enumerate(periods):
        if month is None or month == 1:
            candidates.append((0, index, str(year)))
        elif index == 0:
            candidates.append((1, index, f"{dt.date(year, month, 1):%b %Y}"))
        elif index % step == 0:
            candidates.append((2, index, f"{dt.date(year, month, 1):%b}"))
    taken: list[tuple[float, float]] = []
    shown = []
    for _, index, text in sorted(candidates):
        middle = place[periods[index]] + column / 2
        half = len(text) * CHAR / 2 + 4
        if all(middle + half <= left or middle - half >= right for left, right in taken):
            taken.append((middle - half, middle + half))
            shown.append((middle, text))
    labels = "".join(
        f'<text x="{num(x)}" y="{num(y)}" text-anchor="middle">{esc(text)}</text>'
        for x, text in sorted(shown)
    )
    return f'<g class="br-axis">{labels}</g>\n'
