"""The actor network: actors as nodes, ties weighted by the briefs they share.

The whole site's network is laid out by a force-directed layout (Fruchterman–Reingold) run
for a fixed number of steps from positions seeded by the sorted actor ids, with only
arithmetic and square roots: the same catalog gives the same picture, byte for byte. An
actor's own network puts the actor in the middle and its closest co-actors around it.
To stay legible at 200 actors only the strongest ties are drawn, and only the busiest actors
are labelled (every node names its actor on hover and to screen readers).
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ...catalog import Catalog
from ...model import Actor, ActorKind
from .svg import CHAR, WIDTH, clip, esc, frame, link, num

MAX_NODES = 200
MAX_EDGES = 240  # every drawn actor's strongest tie, then the strongest of the rest
LABELS = 30
ITERATIONS = 60
HEIGHT = 560
EGO_LIMIT = 12
EGO_HEIGHT = 440
MARGIN = 40
KINDS = (("person", "person"), ("organisation", "organisation"), ("state", "state"))


@dataclass
class Node:
    actor: Actor
    weight: int  # briefs (site network) or briefs shared with the actor in the middle (own network)
    x: float = 0.0
    y: float = 0.0


def _shape(node: Node, radius: float) -> str:
    """Shape tells the actor's kind, so colour is never the only sign of it."""
    kind = node.actor.kind.value if node.actor.kind else "none"
    x, y, r = node.x, node.y, radius
    if kind == "organisation":
        side = r * 1.7
        return (
            f'<rect class="br-node br-kind-{kind}" x="{num(x - side / 2)}" y="{num(y - side / 2)}" '
            f'width="{num(side)}" height="{num(side)}"/>'
        )
    if kind == "state":
        d = r * 1.3
        return (
            f'<path class="br-node br-kind-{kind}" d="M{num(x)} {num(y - d)}L{num(x + d)} '
            f'{num(y)}L{num(x)} {num(y + d)}L{num(x - d)} {num(y)}Z"/>'
        )
    return f'<circle class="br-node br-kind-{kind}" cx="{num(x)}" cy="{num(y)}" r="{num(r)}"/>'


def _legend(nodes: list[Node], y: float) -> str:
    present = {n.actor.kind.value for n in nodes if n.actor.kind}
    items, x = [], 10.0
    for kind, words in KINDS:
        if kind in present:
            sample = Node(Actor(kind, kind, kind=ActorKind(kind)), 0, x + 6, y - 4)
            items.append(_shape(sample, 5) + f'<text x="{num(x + 15)}" y="{num(y)}">{words}</text>')
            x += 30 + 7 * len(words)
    return f'<g class="br-legend">{"".join(items)}</g>\n' if items else ""


def _label(
    node: Node, radius: float, *, anchor: str = "start", dx: float | None = None, dy: float = 4
) -> str:
    offset = radius + 4 if dx is None else dx
    x = node.x + (offset if anchor == "start" else -offset if anchor == "end" else 0)
    return (
        f'<text class="br-halo" x="{num(x)}" y="{num(node.y + dy)}" '
        f'text-anchor="{anchor}">{esc(clip(node.actor.name, 26))}</text>'
    )


def _radius(weight: int, most: int, small: float = 3.5, large: float = 11) -> float:
    return small + (large - small) * math.sqrt(weight / most) if most else small


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def site_network(
    catalog: Catalog, actor_href: Callable[[str], str], *, ident: str, title: str
) -> str:
    """Every actor with briefs (the busiest ``MAX_NODES``) and their strongest ties; empty without
    ties.
    """
    active = sorted(
        (a for a in catalog.actors if catalog.by_actor.get(a)),
        key=lambda a: (-len(catalog.by_actor[a]), a),
    )
    chosen = sorted(active[:MAX_NODES])
    if len(chosen) < 2:
        return ""
    index = {actor_id: i for i, actor_id in enumerate(chosen)}
    ties = sorted(
        (
            (-weight, a, b)
            for a in chosen
            for b, weight in catalog.co_actors.get(a, {}).items()
            if b in index and a < b
        ),
    )
    if not ties:
        return ""
    strongest: dict[str, tuple] = {}
    for tie in ties:
        for end in tie[1:]:
            strongest.setdefault(end, tie)
    drawn = set(strongest.values())
    for tie in ties:
        if len(drawn) >= MAX_EDGES:
            break
        drawn.add(tie)
    edges = sorted(drawn)
    nodes = [Node(catalog.actors[a], len(catalog.by_actor[a])) for a in chosen]
    positions = layout(
        len(nodes), [(index[a], index[b], -w) for w, a, b in edges], WIDTH, HEIGHT - 24
    )
    for node, (x, y) in zip(nodes, positions, strict=False):
        node.x, node.y = x, y
    most_briefs = max(n.weight for n in nodes)
    heaviest = -edges[0][0]
    lines = "".join(
        f'<line x1="{num(nodes[index[a]].x)}" y1="{num(nodes[index[a]].y)}" '
        f'x2="{num(nodes[index[b]].x)}" '
        f'y2="{num(nodes[index[b]].y)}" stroke-width="{num(0.6 + 3.4 * -w / heaviest)}"/>'
        for w, a, b in edges
    )
    marks = []
    for node in nodes:
        radius = _radius(node.weight, most_briefs)
        kind = f" ({node.actor.kind.value})" if node.actor.kind else ""
        marks.append(
            link(
                actor_href(node.actor.id),
                f"{node.actor.name}{kind}: {_plural(node.weight, 'brief')}",
                _shape(node, radius),
            )
        )
    labels = _site_labels(nodes, most_briefs)
    body = (
        f'<g class="br-edges" stroke="currentColor" stroke-opacity="0.25" '
        f'pointer-events="none">{lines}</g>\n'
        + "\n".join(marks)
        + "\n"
        + f'<g class="br-labels" pointer-events="none">{"".join(labels)}</g>\n'
        + _legend(nodes, HEIGHT - 8)
    )
    top = ", ".join(
        f"{catalog.actors[a].name} and {catalog.actors[b].name} ({-w})" for w, a, b in edges[:3]
    )
    busiest = f" (the busiest of {len(active)})" if len(active) > len(nodes) else ""
    desc = (
        f"{_plural(len(nodes), 'actor')}{busiest}, "
        f"joined when they appear in the same briefs: {len(edges)} of {len(ties)} "
        f"ties drawn, the strongest. "
        f"Strongest ties, in shared briefs: {top}."
    )
    caption = (
        "Actors linked by the briefs they share: a thicker line is more briefs "
        "together, a bigger mark more briefs. Select an actor to open its page."
    )
    return frame(
        ident, title, desc, body, HEIGHT, linked=True, caption=esc(caption), kind="network"
    )


def _site_labels(nodes: list[Node], most_briefs: int) -> list[str]:
    """Names beside the busiest actors, skipping any that would overlap a name already placed."""
    placed: list[tuple[float, float, float, float]] = []
    labels: list[str] = []
    for node in sorted(nodes, key=lambda n: (-n.weight, n.actor.id)):
        if len(labels) == LABELS:
            break
        radius = _radius(node.weight, most_briefs)
        anchor = "end" if node.x > WIDTH * 0.75 else "start"
        width = len(clip(node.actor.name, 26)) * CHAR
        left = node.x + radius + 4 if anchor == "start" else node.x - radius - 4 - width
        box = (left, node.y - 8, left + width, node.y + 5)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        labels.append(_label(node, radius, anchor=anchor))
    return labels


def co_actors_by_closeness(actor_id: str, catalog: Catalog) -> list[str]:
    """The actors sharing briefs with ``actor_id``, most shared first: an actor's own network
    draws the first ``EGO_LIMIT`` of them (the page's marking counts the same ones)."""
    together: Mapping[str, int] = catalog.co_actors.get(actor_id, {})
    return sorted(
        (a for a in together if a in catalog.actors and together[a] > 0),
        key=lambda a: (-together[a], catalog.actors[a].name, a),
    )


def ego_network(
    actor_id: str, catalog: Catalog, actor_href: Callable[[str], str], *, ident: str, title: str
) -> str:
    """The actor in the middle, its ``EGO_LIMIT`` closest co-actors around it, and the ties among
    them.
    """
    together: Mapping[str, int] = catalog.co_actors.get(actor_id, {})
    closest = co_actors_by_closeness(actor_id, catalog)
    shown = closest[:EGO_LIMIT]
    if not shown:
        return ""
    cx, cy = WIDTH / 2, (EGO_HEIGHT - 20) / 2
    ring_x, ring_y = 180, cy - 50  # room for the labels beside the ring
    centre = Node(catalog.actors[actor_id], len(catalog.by_actor.get(actor_id, [])), cx, cy)
    nodes = []
    for i, other in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / len(shown)
        nodes.append(
            Node(
                catalog.actors[other],
                together[other],
                cx + ring_x * math.cos(angle),
                cy + ring_y * math.sin(angle),
            )
        )
    most = max(n.weight for n in nodes)
    among = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            ties: Mapping[str, int] = catalog.co_actors.get(a.actor.id, {})
            weight = ties.get(b.actor.id, 0)
            if weight:
                among.append(
                    f'<line x1="{num(a.x)}" y1="{num(a.y)}" x2="{num(b.x)}" y2="{num(b.y)}" '
                    f'stroke-width="{num(0.5 + 1.5 * weight / most)}"/>'
                )
    spokes, counts, marks, labels = [], [], [], []
    for node in nodes:
        spokes.append(
            f'<line x1="{num(cx)}" y1="{num(cy)}" x2="{num(node.x)}" y2="{num(node.y)}" '
            f'stroke-width="{num(1 + 4 * node.weight / most)}"/>'
        )
        mx, my = cx + (node.x - cx) * 0.55, cy + (node.y - cy) * 0.55
        counts.append(
            f'<text class="br-halo" x="{num(mx)}" y="{num(my + 4)}" '
            f'text-anchor="middle">{node.weight}</text>'
        )
        radius = _radius(node.weight, most, 5, 10)
        tip = f"{node.actor.name}: {_plural(node.weight, 'brief')} shared with {centre.actor.name}"
        marks.append(link(actor_href(node.actor.id), tip, _shape(node, radius)))
        anchor = "start" if node.x > cx + 1 else "end" if node.x < cx - 1 else "middle"
        dy = (
            -radius - 6
            if node.y < cy and anchor == "middle"
            else radius + 14
            if anchor == "middle"
            else 4
        )
        labels.append(_label(node, radius, anchor=anchor, dy=dy))
    centre_tip = f"{centre.actor.name}: {_plural(centre.weight, 'brief')}"
    middle = f"<g><title>{esc(centre_tip)}</title>{_shape(centre, 13)}</g>"
    labels.append(_label(centre, 13, anchor="middle", dy=-19))
    body = (
        f'<g class="br-edges br-edges--among" stroke="currentColor" stroke-opacity="0.15" '
        f'pointer-events="none">{"".join(among)}</g>\n'
        f'<g class="br-edges" stroke="currentColor" stroke-opacity="0.35" '
        f'pointer-events="none">{"".join(spokes)}</g>\n'
        f'<g class="br-counts" pointer-events="none">{"".join(counts)}</g>\n'
        + "\n".join(marks)
        + "\n"
        + middle
        + "\n"
        f'<g class="br-labels" pointer-events="none">{"".join(labels)}</g>\n'
        + _legend([centre, *nodes], EGO_HEIGHT - 8)
    )
    closest_words = ", ".join(f"{n.actor.name} ({n.weight})" for n in nodes)
    more = f" (the closest {len(shown)} of {len(closest)})" if len(closest) > len(shown) else ""
    desc = (
        f"{centre.actor.name} appears in briefs with {_plural(len(closest), 'other actor')}{more}; "
        f"shared briefs: {closest_words}."
    )
    caption = (
        f"{esc(centre.actor.name)} in the middle; around, the actors it shares most "
        f"briefs with (the number on each line), "
        "and lighter lines where they share briefs with each other. Select an actor "
        "to open its page."
    )
    return frame(ident, title, desc, body, EGO_HEIGHT, linked=True, caption=caption, kind="network")


def layout(
    count: int, edges: list[tuple[int, int, int]], width: float, height: float
) -> list[tuple[float, float]]:
    """Fruchterman–Reingold positions for ``count`` nodes and weighted ``edges`` (i, j, weight),
    fitted into the box. Deterministic: seeded by a fixed generator, a fixed number of steps."""
    return list(_layout(count, tuple(edges), width, height))


# A pure function of its arguments: the site network comes out the same at most rebuilds of
# `mkdocs serve` (an edit seldom changes who appears with whom), and is the slowest picture.
@functools.lru_cache(maxsize=4)
def _layout(
    count: int, edges: tuple[tuple[int, int, int], ...], width: float, height: float
) -> tuple[tuple[float, float], ...]:
    seed = 2463534242
    xs: list[float] = []
    ys: list[float] = []
    for _ in range(count):  # xorshift: the same start on every machine
        for target in (xs, ys):
            seed ^= (seed << 13) & 0xFFFFFFFF
            seed ^= seed >> 17
            seed ^= (seed << 5) & 0xFFFFFFFF
            target.append(seed / 0xFFFFFFFF)
    k = math.sqrt(1.0 / count)  # in a unit square
    k2 = k * k
    heaviest = max((w for _, _, w in edges), default=1)
    pulls = [(i, j, 0.5 + w / heaviest) for i, j, w in edges]
    temperature = 0.1
    for step in range(ITERATIONS):
        fx, fy = _repulsion(xs, ys, k2, 2 * k)
        for i, j, pull in pulls:
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            d = math.sqrt(dx * dx + dy * dy)
            f = d / k * pull
            fx[i] -= dx * f
            fy[i] -= dy * f
            fx[j] += dx * f
            fy[j] += dy * f
        for i in range(count):
            # A little gravity keeps actors without drawn ties from drifting off.
            gx, gy = (
                fx[i] - (xs[i] - 0.5) * 0.1 * count * k,
                fy[i] - (ys[i] - 0.5) * 0.1 * count * k,
            )
            d = math.sqrt(gx * gx + gy * gy)
            if d > 0:
                move = min(d, temperature) / d
                xs[i] += gx * move
                ys[i] += gy * move
        temperature = 0.1 * (1 - (step + 1) / ITERATIONS) + 0.002
    return tuple(_fit(xs, ys, width, height))


def _repulsion(
    xs: list[float], ys: list[float], k2: float, reach: float
) -> tuple[list[float], list[float]]:
    """How hard the nodes within ``reach`` push each node away. Fruchterman and Reingold's own
    shortcut: far nodes barely push, and leaving them out (found through a grid of cells as
    wide as ``reach``) makes a step nearly linear in the number of nodes instead of quadratic."""
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (x, y) in enumerate(zip(xs, ys, strict=False)):
        cells[(math.floor(x / reach), math.floor(y / reach))].append(i)
    reach2 = reach * reach
    fx, fy = [0.0] * len(xs), [0.0] * len(xs)
    for (cx, cy), members in cells.items():
        near = [
            j for ox in (-1, 0, 1) for oy in (-1, 0, 1) for j in cells.get((cx + ox, cy + oy), ())
        ]
        for i in members:
            xi, yi = xs[i], ys[i]
            sx = sy = 0.0
            for j in near:
                dx, dy = xi - xs[j], yi - ys[j]
                d2 = dx * dx + dy * dy
                if d2 >= reach2 or j == i:
                    continue
                f = k2 / (d2 if d2 > 1e-6 else 1e-6)
                sx += dx * f
                sy += dy * f
            fx[i], fy[i] = sx, sy
    return fx, fy


def _fit(
    xs: list[float], ys: list[float], width: float, height: float
) -> list[tuple[float, float]]:
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    scale_x = (width - 2 * MARGIN) / (right - left) if right > left else 0.0
    scale_y = (height - 2 * MARGIN) / (bottom - top) if bottom > top else 0.0
    return [
        (
            MARGIN + (x - left) * scale_x if scale_x else width / 2,
            MARGIN + (y - top) * scale_y if scale_y else height / 2,
        )
        for x, y in zip(xs, ys, strict=False)
    ]
