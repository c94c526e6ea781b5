""" "Last updated" and "History" on brief pages, from one git log over real repositories built in
temp dirs.

Shallow clones and folders outside git fall back to the brief's front matter, and the page says so.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest
from conftest import TODAY, mkdocs_build
from gitrepo import clone, new_repo

from briefing.check.folder import check_folder
from briefing.git import history
from briefing.git import repo as git_module

BOB = 'Bob & "Co" Analyst'  # escaped on the page
BASE = "https://git.example/team/briefs/commits/main/"


@pytest.fixture
def repo(tmp_path):
    """alpha and gamma committed by Alice on 1 May 2025; beta then changed by Bob on 2 June 2025."""
    repo = new_repo(tmp_path / "repo")
    repo.brief("2025/alpha.md", title="Alpha")
    repo.brief("2025/beta.md", title="Beta")
    repo.brief("gamma.md", title="Gamma", updated="2025-05-20")
    repo.commit("three briefs", author="Alice Analyst", date="2025-05-01T09:00:00+00:00")
    repo.brief("2025/beta.md", title="Beta, revised")
    repo.commit("revise beta", author=BOB, date="2025-06-02T23:30:00-05:00")
    return repo


def revisions(briefs_folder, **options) -> dict[str, history.Revision]:
    briefs = check_folder(briefs_folder, today=TODAY).corpus.briefs
    return history.revisions(briefs, briefs_folder, **options)


def test_each_brief_gets_the_date_and_author_of_the_latest_commit_touching_it(repo):
    found = revisions(repo.briefs, history_base=BASE)
    first = history.Commit(dt.date(2025, 5, 1), "Alice Analyst", "three briefs")
    assert found["alpha"] == history.Revision(
        dt.date(2025, 5, 1), "Alice Analyst", True, BASE + "briefs/2025/alpha.md", (first,)
    )
    # The author's own date: 23:30 on 2 June in their time zone.
    revised = history.Commit(dt.date(2025, 6, 2), BOB, "revise beta")
    assert found["beta"] == history.Revision(
        dt.date(2025, 6, 2), BOB, True, BASE + "briefs/2025/beta.md", (revised, first)
    )
    assert found["gamma"].author == "Alice Analyst" and found["gamma"].date == dt.date(2025, 5, 1)


def test_a_brief_never_committed_falls_back_to_its_front_matter(repo):
    repo.brief("delta.md", title="Delta", date="2025-05-04")
    repo.brief("epsilon.md", title="Epsilon", date="2025-05-04", updated="2025-05-09")
    found = revisions(repo.briefs)
    assert found["delta"] == history.Revision(dt.date(2025, 5, 4))
    assert found["epsilon"] == history.Revision(dt.date(2025, 5, 9))
    assert found["alpha"].from_git


def test_a_renamed_brief_is_dated_by_its_rename(repo):
    repo.git("mv", "briefs/2025/alpha.md", "briefs/2025/alpha-2025.md")
    repo.commit("rename alpha", author="Carol", date="2025-07-07T12:00:00+00:00")
    assert revisions(repo.briefs)["alpha-2025"] == history.Revision(
        dt.date(2025, 7, 7),
        "Carol",
        True,
        recent=(history.Commit(dt.date(2025, 7, 7), "Carol", "rename alpha"),),
    )


def test_one_git_log_answers_for_the_whole_corpus(repo, monkeypatch):
    for index in range(30):
        repo.brief(f"many/brief-{index}.md", title=f"Brief {index}")
        repo.commit(f"brief {index}")
    calls = []

    def counting(function):
        def wrapper(args, cwd):
            calls.append(args[0])
            return function(args, cwd)

        return wrapper

    monkeypatch.setattr(history, "popen", counting(git_module.popen))
    monkeypatch.setattr(git_module, "git", counting(git_module.git))
    found = revisions(repo.briefs)
    assert len(found) == 33 and all(r.from_git for r in found.values())
    assert calls == ["rev-parse", "log"]


def test_each_brief_keeps_its_last_commits_newest_first_from_the_same_log(repo):
    for index in range(7):
        repo.brief("2025/beta.md", title=f"Beta {index}")
        repo.commit(f"beta, take {index}", date=f"2025-07-0{index + 1}T09:00:00+00:00")
    found = revisions(repo.briefs)
    subjects = [c.subject for c in found["beta"].recent]
    assert subjects == [f"beta, take {i}" for i in (6, 5, 4, 3, 2)]  # the last RECENT of nine
    assert len(subjects) == history.RECENT
    assert [c.subject for c in found["alpha"].recent] == ["three briefs"]


def test_a_shallow_clone_of_depth_one_says_nothing_from_git(repo, tmp_path):
    # git shows the one commit of a depth-1 clone as adding every file: that date would be wrong for
    # all.
    shallow = clone(repo, tmp_path / "shallow", "--depth", "1")
    found = revisions(shallow.briefs, history_base=BASE)
    assert not any(r.from_git for r in found.values())
    assert found["gamma"] == history.Revision(
        dt.date(2025, 5, 20), history_url=BASE + "briefs/gamma.md"
    )
    assert found["beta"].date == dt.date(2025, 5, 4)  # the front matter's date


def test_a_deeper_shallow_clone_knows_the_briefs_changed_within_it(repo, tmp_path):
    shallow = clone(repo, tmp_path / "shallow", "--depth", "2")
    assert len(shallow.git("log", "--format=%H").split()) == 2
    found = revisions(shallow.briefs)
    assert (found["beta"].author, found["beta"].from_git) == (
        BOB,
        True,
    )  # changed by the newest commit
    assert not found["alpha"].from_git  # only in the clone's edge commit


def test_a_folder_outside_git_falls_back_and_still_links_its_history(repo, tmp_path, monkeypatch):
    plain = tmp_path / "plain"
    shutil.copytree(repo.path, plain, ignore=shutil.ignore_patterns(".git"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    found = revisions(plain / "briefs", history_base=BASE, repo_root=plain)
    assert found["alpha"] == history.Revision(
        dt.date(2025, 5, 4), history_url=BASE + "briefs/2025/alpha.md"
    )


def test_briefs_outside_the_repository_get_no_history_link(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    other = tmp_path / "elsewhere"
    shutil.copytree(repo.briefs, other)
    found = revisions(other, history_base=BASE, repo_root=repo.path)
    assert found["alpha"].history_url is None


# --- on the built site (real mkdocs build) -----------------------------------------------------


def revision_line(site, brief_id: str) -> str:
    html = (site / "briefs" / brief_id / "index.html").read_text(encoding="utf-8")
    start = html.index('<p class="br-revision">')
    return html[start : html.index("</p>", start) + 4]


def test_the_built_page_shows_last_updated_and_history(repo, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(
        repo.briefs,
        site,
        extra_env={"REPO_URL": "https://git.example/team/briefs", "HISTORY_URI": "-/commits/main/"},
    )
    assert result.returncode == 0, result.stderr
    assert revision_line(site, "beta") == (
        '<p class="br-revision">Last updated 2 June 2025 by Bob &amp; &quot;Co&quot; Analyst · '
        '<a href="https://git.example/team/briefs/-/commits/main/briefs/2025/beta.md" '
        'rel="noopener">History</a></p>'
    )
    assert revision_line(site, "gamma").startswith(
        '<p class="br-revision">Last updated 1 May 2025 by Alice Analyst · '
    )


def test_the_built_page_lists_the_last_commits_under_what_changed(repo, tmp_path):
    repo.brief("delta.md", title="Delta")
    repo.commit("add delta", author="Alice Analyst", date="2025-06-05T09:00:00+00:00")
    repo.brief("delta.md", title="Delta, revised")
    repo.commit(
        '<script>alert("subject")</script> & revise delta', date="2025-06-06T09:00:00+00:00"
    )
    site = tmp_path / "site"
    result = mkdocs_build(repo.briefs, site, extra_env={"BRIEFING_WORKERS": "1"})
    assert result.returncode == 0, result.stderr
    html = (site / "briefs" / "delta" / "index.html").read_text(encoding="utf-8")
    changed = html.split('id="what-changed"', 1)[1].split("</ul>", 1)[0]
    assert (
        "<li>6 June 2025 · &lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt; "
        "&amp; revise delta "
        "<em>(Alice Analyst)</em></li>\n<li>5 June 2025 · add delta <em>(Alice Analyst)</em></li>"
    ) in changed
    beta = (site / "briefs" / "beta" / "index.html").read_text(encoding="utf-8")
    assert "<li>2 June 2025 · revise beta <em>(Bob &amp; &quot;Co&quot; Analyst)</em></li>" in beta
    home = (site / "index.html").read_text(encoding="utf-8")
    recent = home.split('id="recently-updated"', 1)[1].split("</ul>", 1)[0]
    assert recent.index('href="briefs/delta/"') < recent.index('href="briefs/beta/"')
    assert "updated 6 June 2025<br>" in recent and "<script>" not in recent


def test_the_built_page_of_a_shallow_clone_says_where_the_date_comes_from(repo, tmp_path):
    shallow = clone(repo, tmp_path / "shallow", "--depth", "1")
    site = tmp_path / "site"
    result = mkdocs_build(shallow.briefs, site, extra_env={"BRIEFING_WORKERS": "1"})
    assert result.returncode == 0, result.stderr
    assert revision_line(site, "gamma") == (
        '<p class="br-revision">Last updated 20 May 2025 (from the brief\'s front matter) · '
        "<a "
        'href="https://git.intranet.example/analysis/briefing-room/commits/main/briefs/gamma.md" '
        'rel="noopener">History</a></p>'
    )


def test_briefing_render_writes_the_same_last_updated(repo, tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("REPO_URL", "HISTORY_URI", "BRIEFS_DIR")
    }
    out = tmp_path / "pages"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "render",
            str(out),
            "--briefs",
            "briefs",
            "--docs",
            "none",
        ],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (
        '<p class="br-revision">Last updated 2 June 2025 by Bob &amp; &quot;Co&quot; Analyst</p>'
        in (out / "briefs" / "beta.md").read_text(encoding="utf-8")
    )
    env["REPO_URL"] = "https://git.example/team/briefs/"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "render",
            str(out),
            "--briefs",
            "briefs",
            "--docs",
            "none",
        ],
        cwd=repo.path,
        env=env,
        check=True,
        capture_output=True,
    )
    assert 'href="https://git.example/team/briefs/commits/main/briefs/2025/beta.md"' in (
        out / "briefs" / "beta.md"
    ).read_text(encoding="utf-8")
