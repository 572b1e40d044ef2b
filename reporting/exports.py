"""A version's public part as Markdown and as PDF: the figures as built, the
chair's public narrative, and (in the PDF) the charts; never the council's part."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from reporting import markdown
from reporting.figures import NOT_FIGURES, SPANS


def _name(key):
    return str(key).replace("_", " ").capitalize()


def _cell(value):
    if isinstance(value, dict):
        value = ", ".join(f"{_name(key).lower()} {item}" for key, item in sorted(value.items()))
    elif isinstance(value, list):
        # Records inside a record (a fund's categories): one line, each record's values.
        value = "; ".join(
            " ".join(map(str, dict(sorted(item.items())).values()))
            if isinstance(item, dict)
            else str(item)
            for item in value
        )
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(rows):
    columns = sorted({key for row in rows for key in row})
    lines = [
        "| " + " | ".join(_name(column) for column in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    lines += ["| " + " | ".join(_cell(row.get(c, "")) for c in columns) + " |" for row in rows]
    return [*lines, ""]


def _figures(value):
    """Markdown lines for a section's figures: scalars as a list, lists of
    records as tables, nested records under their own name."""
    lines, scalars = [], []
    # The database keeps no order of keys: sorted, every export of a version is the same.
    for key, item in sorted(value.items()):
        if key in NOT_FIGURES:
            continue
        if isinstance(item, dict):
            lines += [f"**{_name(key)}**", "", *_figures(item)]
        elif isinstance(item, list) and item and all(isinstance(row, dict) for row in item):
            lines += [f"**{_name(key)}**", "", *_table(item)]
        elif isinstance(item, list):
            scalars.append(f"- {_name(key)}: {', '.join(map(str, item)) or 'none'}")
        else:
            scalars.append(f"- {_name(key)}: {item}")
    return [*scalars, *([""] if scalars else []), *lines]


def _public_narratives(report):
    return {n.section: n.public_text for n in report.narratives.all() if n.public_text}


def markdown_of(version):
    report = version.report
    narratives = _public_narratives(report)
    lines = [
        f"# Report {report.period} to the Executive Council",
        "",
        f"{report.starts_on:%Y-%m-%d} to {report.ends_on:%Y-%m-%d}, version {version.number}.",
        "",
    ]
    for section in version.figures["sections"]:
        lines += [f"## {section['title']}", ""]
        if section["key"] in narratives:
            lines += [narratives[section["key"]], ""]
        sources = section["period"].get("sources", [])
        if sources:
            links = ", ".join(f"[{s['label']}]({settings.SITE_URL}{s['url']})" for s in sources)
            lines += [f"Sources: {links}.", ""]
        for span, label in SPANS:
            lines += [f"### {label}", "", *_figures(section[span])]
    return "\n".join(lines).rstrip() + "\n"


def pdf_of(version):
    # WeasyPrint loads Pango when imported: only the export pays for it.
    from weasyprint import HTML

    narratives = _public_narratives(version.report)
    sections = [
        {
            "title": section["title"],
            "narrative": markdown.render(narratives.get(section["key"], "")),
            # Rendered by the portal's own templates, every value escaped, when built.
            "figures": mark_safe(version.rendered[section["key"]]),  # noqa: S308
        }
        for section in version.figures["sections"]
    ]
    html = render_to_string(
        "reporting/export.html",
        {"version": version, "report": version.report, "sections": sections},
    )
    return HTML(string=html).write_pdf()
