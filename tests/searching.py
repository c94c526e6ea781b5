"""Helpers for the search tests: queries typed into Material's search box in Chromium, results
read back as the reader sees them, the site served by Debian's nginx as deployed (gzip on),
and briefs in Russian, Chinese, Japanese and Korean."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import NGINX, REPO, brief_text

BOX = "input.md-search__input"
META = ".md-search-result__meta"

# Briefs written without spaces between words (CJK) or with Russian inflection, added to a
# generated corpus (bench/generate.py's registries: topic-00.., actor-000..).
MULTILINGUAL = {
    "moskva-ru": {
        "title": "Переговоры в Москве о торговле",
        "summary": "Делегация прибыла в Москву для переговоров о торговле и платежах.",
        "body": "## Итоги\n\nВ Москве обсудили поставки зерна и расчёты в национальных валютах.\n",
    },
    "xi-moscow-zh": {
        "title": "国事访问：习近平抵达莫斯科",
        "summary": "习近平抵达莫斯科，开始对俄罗斯进行为期三天的国事访问。",
        "body": "## 会谈\n\n双方在克里姆林宫举行会谈，讨论能源合作和贸易结算。\n",
    },
    "beijing-ja": {
        "title": "首相が北京を訪問",
        "summary": "首相は北京で首脳会談に臨み、経済協力について協議した。",
        "body": "## 会談\n\n両首脳は貿易と安全保障について意見を交換した。\n",
    },
    "seoul-ko": {
        "title": "서울에서 열린 외교장관 회담",
        "summary": "양국 대표단은 서울에서 회담을 가졌다.",
        "body": "## 결과\n\n양측은 경제 협력을 확대하기로 합의했다.\n",
    },
}


def write_multilingual(root: Path) -> None:
    folder = root / "2025"
    folder.mkdir(parents=True, exist_ok=True)
    for number, (name, fields) in enumerate(MULTILINGUAL.items()):
        (folder / f"{name}.md").write_text(
            brief_text(
                date=f"2025-06-{number + 10:02d}",
                topics=["topic-01"],
                actors=[f"actor-{number + 1:03d}", f"actor-{number + 20:03d}"],
                **fields,
            ),
            encoding="utf-8",
        )


def results(page, query: str, *, timeout: float = 30_000) -> list[dict]:
    """Type a query into the search box; the result groups as shown, best first. Each group:
    the page's ``path`` (site-relative, ``?h=`` dropped), its ``entries`` (the page and the
    sections shown under it: link, title and article as HTML, marked words) and all its marks."""
    page.click(BOX)
    page.fill(BOX, "")
    page.press(BOX, "End")  # Material reads the box on key up
    page.wait_for_function(
        f"() => !/matching/.test(document.querySelector('{META}').textContent)", timeout=timeout
    )
    page.fill(BOX, query)
    page.press(BOX, "End")
    page.wait_for_function(
        f"() => /matching/.test(document.querySelector('{META}').textContent)", timeout=timeout
    )
    groups = page.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map(item => [...item.querySelectorAll("a.md-search-result__link")]
            .map(a => ({
                href: a.href,
                title: (a.querySelector("h1, h2") || {}).innerHTML || "",
                all: a.querySelector("article").innerHTML,
                text: a.innerText,
                marks: [...a.querySelectorAll("mark")].map(m => m.textContent)})))""",
    )
    return [
        {"path": site_path(group[0]["href"]), "entries": group, "marks": marks(group)}
        for group in groups
    ]


def marks(group: list[dict]) -> list[str]:
    return [mark for entry in group for mark in entry["marks"]]


def site_path(href: str) -> str:
    """A result's page as a site path, the same for the hosted site and the archive:
    ``briefs/x/`` and ``file:///…/briefs/x.html`` both give ``briefs/x``."""
    path = re.sub(r"^(https?://[^/]+/|file://.*?/site/)", "", href.split("?")[0].split("#")[0])
    path = re.sub(r"(^|/)index\.html$", r"\1", path)
    return path.removesuffix(".html").rstrip("/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def nginx(root: Path, work: Path):
    """Serve ``root`` with deploy/nginx.conf as shipped (gzip, security headers) on 127.0.0.1;
    yields the base URL."""
    if not Path(NGINX).exists():
        raise RuntimeError("nginx not found: install Debian's package (sudo apt-get install nginx)")
    port = free_port()
    server = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "/srv/briefing-room/site", str(root)
    )
    work.mkdir(parents=True, exist_ok=True)
    (work / "server.conf").write_text(server, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {work}/nginx.pid;\n"
        f"error_log {work}/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        "  access_log off;\n"
        + "".join(
            f"  {kind}_temp_path {work}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {work}/server.conf;\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(work), "-c", str(work / "nginx.conf")], stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base, timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None:
                    raise RuntimeError(f"nginx exited: {process.stderr.read()}") from None
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
