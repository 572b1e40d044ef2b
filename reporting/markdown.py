"""Markdown written in the portal, rendered to HTML that can hold no script."""

import markdown as markdown_lib
import nh3
from django.utils.safestring import mark_safe

# What prose needs; no images (nothing is loaded from elsewhere) and no raw HTML.
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def render(text):
    """Sanitised HTML of a Markdown text, safe to put in a page."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    return mark_safe(  # noqa: S308 - nh3 has removed every tag and attribute not listed.
        nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}})
    )
