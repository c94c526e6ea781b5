"""The plugin's options, typed and validated by MkDocs: a misspelt option is reported by name
(and fails ``mkdocs build --strict``) instead of being ignored."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class Workers(c.BaseConfigOption[int | None]):
    """``auto`` (one process per core) or a number of processes; 0 or 1 converts in the main process."""

    def __init__(self) -> None:
        super().__init__()
        self.default = "auto"

    def run_validation(self, value: object) -> int | None:
        if value is None or value == "auto":
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise base.ValidationError(
                f"expected 'auto' or a number of processes (0 or more), not {value!r}"
            )
        return value


class EditorsPage(c.BaseConfigOption[bool | None]):
    """Whether the build has the editors' page (``/attention/``): ``auto`` (under ``mkdocs serve``
    only), ``true`` (an explicit editors' build) or ``false``. Never in the offline export."""

    def __init__(self) -> None:
        super().__init__()
        self.default = "auto"

    def run_validation(self, value: object) -> bool | None:
        if value is None or value == "auto":
            return None
        if not isinstance(value, bool):
            raise base.ValidationError(f"expected 'auto', true or false, not {value!r}")
        return value


class BriefingConfig(base.Config):
    # The briefs folder, relative to mkdocs.yml (mkdocs.yml sets it from $BRIEFS_DIR).
    briefs_dir = c.Type(str, default="briefs")
    # A brief's "History" link: repo_url + this + the brief's path in the repository
    # (GitHub: commits/main/, GitLab: -/commits/main/, Gitea: commits/branch/main/).
    history_uri = c.Type(str, default="commits/main/")
    # Processes converting brief pages (and writing the search index).
    workers = Workers()
    # The editors' page /attention/: auto (mkdocs serve only), true (an editors' build) or false.
    editors_page = EditorsPage()
