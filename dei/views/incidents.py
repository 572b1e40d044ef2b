"""Code-of-conduct reports: the public form, and the responders' pages, each of
which reads through the service that writes the access log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from rules.contrib.views import permission_required

from cwg_portal.access import require_perm
from cwg_portal.forms import add_service_error
from dei import selectors
from dei.forms import IncidentReportForm, IncidentUpdateForm
from dei.models import IncidentReport
from dei.services.incidents import (
    incident_export,
    incident_file,
    incident_read,
    incident_update,
)
from events.selectors import events_visible_to


@login_not_required
def incident_report_form(request):
    form = IncidentReportForm(request.POST or None, events=events_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            report = incident_file(**form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return render(request, "dei/incident_filed.html", {"report": report})
    return render(request, "dei/incident_form.html", {"form": form})


@permission_required("dei.list_incidents", raise_exception=True)
def incident_list(request):
    now = timezone.now()
    reports = [
        (report, (now - report.received_at).days)
        for report in selectors.incidents_readable_by(request.user)
    ]
    return render(request, "dei/incident_list.html", {"reports": reports})


def _report(request, incident_pk):
    """The report for a responder who may read it; 404 for anyone else, so that
    even its existence is not told."""
    require_perm(request.user, "dei.list_incidents")
    report = IncidentReport.objects.select_related("event").filter(pk=incident_pk).first()
    if report is None or not request.user.has_perm("dei.read_incident", report):
        raise Http404("No report you may read has this number.")
    return report


def incident_detail(request, incident_pk):
    report = _report(request, incident_pk)
    form = IncidentUpdateForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            incident_update(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The report is updated.")
            return redirect(report)
    report = incident_read(report=report, by=request.user)
    return render(request, "dei/incident_detail.html", {"report": report, "form": form})


def incident_download(request, incident_pk):
    report = _report(request, incident_pk)
    response = HttpResponse(
        incident_export(report=report, by=request.user), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="conduct-report-{report.pk}.txt"'
    return response


@permission_required("dei.list_incidents", raise_exception=True)
def incident_log(request):
    log = selectors.incident_access_log(request.user)
    return render(request, "dei/incident_log.html", {"log": log})
