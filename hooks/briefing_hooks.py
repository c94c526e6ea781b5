"""MkDocs hooks: a thin adapter. All work happens in the installed ``briefing`` package."""

from briefing.plugin.plugin import (  # noqa: F401
    on_build_error,
    on_config,
    on_files,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_post_page,
)
