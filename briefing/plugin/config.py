"""The plugin's options, typed and validated by MkDocs: a misspelt option is reported by name
(and fails ``mkdocs build --strict``) instead of being ignored.

``briefing check`` reads the same options from ``mkdocs.yml`` (``read_options``), so the checker
judges likelihood terms on the scale the site shows.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.utils.yaml import yaml_load

from .. import markings
from ..audience import AudienceError, hosted
from ..model import STALE_AFTER_DAYS, Marking
from ..scales import DEFAULT, SCALES

PLUGIN = "briefing"


class Workers(c.BaseConfigOption[int | None]):
    """``auto`` (one process per core) or a number of processes; 0 or 1 converts in the main
    process.
    """

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


class Days(c.BaseConfigOption[int]):
    """A number of days, 0 or more (0 turns the rule off)."""

    def __init__(self, default: int) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise base.ValidationError(f"expected a number of days (0 or more), not {value!r}")
        return value


class MarkingOption(c.BaseConfigOption[Marking]):
    """A TLP 2.0 label, checked as a brief's is; ``hosted`` refuses TLP:RED, which is for named
    recipients and never part of a hosted site or a whole archive."""

    def __init__(self, default: Marking, *, hosted: bool = False) -> None:
        super().__init__()
        self.default = default.value
        self.hosted = hosted

    def run_validation(self, value: object) -> Marking:
        marking = markings.parse(str(value).strip())
        if marking is None:
            raise base.ValidationError(markings.problem(str(value)))
        if self.hosted:
            try:
                hosted(marking)
            except AudienceError as err:
                raise base.ValidationError(str(err)) from None
        return marking


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
    # Who may read a brief without a `marking:` line (the checker reads the same line).
    default_marking = MarkingOption(markings.DEFAULT_MARKING)
    # The readers this build is for: only briefs marked at or below it are in the site.
    audience = MarkingOption(markings.HOSTED[-1], hosted=True)
    # One brief alone, for `briefing export --brief ID` (offline builds only).
    brief = c.Type(str, default="")
    # The editors' page /attention/: auto (mkdocs serve only), true (an editors' build) or false.
    editors_page = EditorsPage()
    # A brief without review_by is stale once its as-of (or updated) date is this many days old.
    stale_after_days = Days(STALE_AFTER_DAYS)
    # The analytic standard's likelihood terms: icd-203 (US ICD 203) or phia (UK PHIA yardstick).
    likelihood_scale = c.Choice(tuple(SCALES), default=DEFAULT.id)


class OptionsError(Exception):
    """``mkdocs.yml`` sets an option of the plugin that does not validate; the message says
    which.
    """


def read_options(config_file: Path) -> BriefingConfig:
    """The plugin's options as ``config_file`` sets them (``!ENV`` tags included), validated as the
    build validates them; every default when the file is absent or does not list the plugin."""
    values: dict = {}
    if config_file.is_file():
        try:
            with config_file.open(encoding="utf-8") as stream:
                data = yaml_load(stream) or {}
        except Exception as err:  # MkDocs' own loader: YAML and !ENV errors alike
            raise OptionsError(f"{config_file}: {err}") from None
        plugins = data.get("plugins") if isinstance(data, dict) else None
        entries = (
            plugins.items()
            if isinstance(plugins, dict)
            else [
                next(iter(e.items())) if isinstance(e, dict) and e else (e, None)
                for e in (plugins or [])
            ]
        )
        for name, settings in entries:
            if name == PLUGIN and isinstance(settings, dict):
                values = settings
    options = BriefingConfig()
    options.load_dict(values)
    failed, _ = options.validate()
    if failed:
        found = "; ".join(f"{name}: {error}" for name, error in failed)
        raise OptionsError(f"{config_file}: plugin '{PLUGIN}': {found}")
    return options
