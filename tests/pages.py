"""Reading a page as its user does: the text, the tables by caption, the
messages and the form's error summary."""

import re
from html import unescape
from html.parser import HTMLParser

from django.utils.html import strip_tags

# The main navigation as those logged in see it, and as those who keep, read or
# oversee the books see it.
NAV_LOGGED_IN = [
    "Dashboard",
    "Calendar",
    "Events",
    "Workshops",
    "Claims",
    "Elections",
    "Directory",
    "API",
]
NAV_WITH_BUDGET = [
    "Dashboard",
    "Calendar",
    "Events",
    "Workshops",
    "Budget",
    "Claims",
    "Elections",
    "Directory",
    "API",
]
# ... and as the working group and the council, who read the reports, see it.
NAV_WITH_REPORTS = [*NAV_WITH_BUDGET[:-2], "Reports", *NAV_WITH_BUDGET[-2:]]


class _TableReader(HTMLParser):
    """Every <table> of a page as {caption: {"head": rows, "body": rows, "foot": rows}},
    each row the whitespace-normalised text of its cells."""

    def __init__(self):
        super().__init__()
        self.tables, self.table, self.section, self.row, self.cell = [], None, None, None, None
        self.in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.table = {"caption": "", "head": [], "body": [], "foot": []}
            self.section = "body"
        elif tag == "caption":
            self.in_caption = True
        elif tag in ("thead", "tbody", "tfoot"):
            self.section = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "tr":
            self.row = []
        elif tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.tables.append(self.table)
            self.table = None
        elif tag == "caption":
            self.in_caption = False
        elif tag in ("th", "td") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.table[self.section].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.in_caption:
            self.table["caption"] += data
        elif self.cell is not None:
            self.cell.append(data)


def tables(response):
    reader = _TableReader()
    reader.feed(response.content.decode())
    return {" ".join(table["caption"].split()): table for table in reader.tables}


def rows(response, caption):
    return tables(response)[caption]["body"]


def page_messages(response):
    found = re.findall(r'<p class="message[^"]*">(.*?)</p>', response.content.decode())
    return [unescape(message) for message in found]


def form_errors(response):
    """The lines of every error summary on the page."""
    html = response.content.decode()
    items = []
    for summary in re.findall(r'<div class="error-summary".*?</div>', html, re.DOTALL):
        items += re.findall(r"<li>(.*?)</li>", summary, re.DOTALL)
    return [" ".join(unescape(strip_tags(item)).split()) for item in items]


def text(response):
    """The page's visible text, whitespace-normalised; block elements apart."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", response.content.decode(), flags=re.DOTALL)
    html = re.sub(r"</?(a|strong|span|em|code)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def heading(response):
    return unescape(re.search(r"<h1>(.*?)</h1>", response.content.decode()).group(1))
