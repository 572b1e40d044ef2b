"""Factories of the reporting app: a report for a period, in any state."""

import datetime

import factory

from reporting.enums import ReportStatus
from reporting.models import Report


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report
        django_get_or_create = ("period",)

    period = "2026H1"
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2026, 6, 30)
    due_on = datetime.date(2026, 7, 30)
    status = ReportStatus.DRAFT
