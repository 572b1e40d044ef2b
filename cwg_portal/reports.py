"""The quarterly report's sections, gathered from every app for one period."""

from cwg_portal import registry


def sections_for(start, end):
    """[(section, figures)] in the report's order: each app's figures for the period."""
    return [(section, section.build(start, end)) for section in registry.report_sections()]
