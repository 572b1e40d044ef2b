"""The reports' pages: the list of periods, a version with its sections, what
changed since the version before, a build's progress and the chair's narrative."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from cwg_portal import registry
from reporting import exports, selectors
from reporting.forms import BuildForm, NarrativeForm
from reporting.services import builds, review
from reporting.services.narratives import narrative_write


@permission_required("reporting.see_report", raise_exception=True)
def report_list(request):
    context = {"reports": selectors.reports_visible_to(request.user), "form": BuildForm()}
    return render(request, "reporting/report_list.html", context)


@permission_required("reporting.build_report", raise_exception=True)
@require_POST
def build(request):
    form = BuildForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the periods offered.")
        return redirect("reporting:reports")
    try:
        queued = builds.build_request(
            period=builds.period_named(form.cleaned_data["period"]), by=request.user
        )
    except (ValidationError, PermissionDenied) as refused:
        messages.error(request, " ".join(getattr(refused, "messages", [str(refused)])))
        return redirect("reporting:reports")
    return redirect(queued)


@permission_required("reporting.see_report", raise_exception=True)
def build_progress(request, build_pk):
    found = get_object_or_404(selectors.builds_visible_to(request.user), pk=build_pk)
    template = "reporting/_build_progress.html" if request.htmx else "reporting/build_progress.html"
    return render(request, template, {"build": found})


def _visible_report(request, period):
    return get_object_or_404(selectors.reports_visible_to(request.user), period=period)


def _sections(version, narratives, reviews):
    return [
        {
            "key": section["key"],
            "title": section["title"],
            # Rendered by the portal's own templates, with every value escaped, when built.
            "figures": mark_safe(version.rendered[section["key"]]),  # noqa: S308
            "narrative": narratives.get(section["key"]),
            "review": reviews.get(section["key"]),
        }
        for section in version.figures["sections"]
    ]


@permission_required("reporting.see_report", raise_exception=True)
def report_detail(request, period, number=None):
    report = _visible_report(request, period)
    version = selectors.version_of(report, number)
    if number is not None and version is None:
        raise Http404("No such version.")
    council = request.user.has_perm("reporting.see_council_part", report)
    narratives = selectors.narratives_of(report, council=council)
    # The council's part: its review, threads and timeline.
    reviews = selectors.review_of(report) if council else {}
    context = {
        "report": report,
        "version": version,
        "latest": selectors.version_of(report),
        "sections": _sections(version, narratives, reviews) if version else [],
        "changes": selectors.changes_since_previous(version),
        "running": selectors.builds_running(report),
        "council": council,
        "reviews": reviews,
        "readiness": selectors.readiness(report, reviews) if council else None,
        "timeline": report.timeline.select_related("actor") if council else (),
        "reviewed_here": version is not None and version.pk == report.submitted_version_id,
    }
    return render(request, "reporting/report_detail.html", context)


@permission_required("reporting.see_report", raise_exception=True)
def narrative_edit(request, period, section):
    report = _visible_report(request, period)
    if not request.user.has_perm("reporting.write_narrative", report):
        raise PermissionDenied
    titles = {each.key: each.title for each in registry.report_sections()}
    if section not in titles:
        raise Http404("No such section.")
    current = selectors.narratives_of(report, council=True).get(section, {})
    form = NarrativeForm(
        request.POST or None,
        initial={
            "public_text": current.get("public_text", ""),
            "council_text": current.get("council_text", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        narrative_write(report=report, section=section, by=request.user, **form.cleaned_data)
        messages.success(request, f"The narrative of “{titles[section]}” is saved.")
        return redirect(f"{report.get_absolute_url()}#section-{section}")
    context = {"report": report, "form": form, "title": titles[section]}
    return render(request, "reporting/narrative_form.html", context)


def _pressed(request, report, run, done, anchor=""):
    """A review button: run the service, say what it did or why it refused, and
    go back to the report."""
    try:
        run()
    except (ValidationError, PermissionDenied) as refused:
        for message in getattr(refused, "messages", [str(refused)]):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(f"{report.get_absolute_url()}{anchor}")


@permission_required("reporting.submit_report", raise_exception=True)
@require_POST
def submit(request, period):
    report = _visible_report(request, period)
    return _pressed(
        request,
        report,
        lambda: review.report_submit(report=report, by=request.user),
        f"The report {report.period} is submitted to the council.",
    )


@permission_required("reporting.decide_report", raise_exception=True)
@require_POST
def decide(request, period):
    report = _visible_report(request, period)
    accept = request.POST.get("decision") == "accept"
    return _pressed(
        request,
        report,
        lambda: review.report_decide(
            report=report, accept=accept, by=request.user, note=request.POST.get("note", "")
        ),
        f"The report {report.period} is accepted."
        if accept
        else f"The report {report.period} goes back to the chair for changes.",
    )


@permission_required("reporting.review_report", raise_exception=True)
@require_POST
def section_review(request, period, section):
    report = _visible_report(request, period)
    verdict = request.POST.get("verdict", "")
    return _pressed(
        request,
        report,
        lambda: review.section_review(
            report=report, section=section, verdict=verdict, by=request.user
        ),
        "Your review of the section is recorded.",
        f"#section-{section}",
    )


@permission_required("reporting.comment_report", raise_exception=True)
@require_POST
def comment(request, period, section):
    report = _visible_report(request, period)
    parent = None
    if parent_pk := request.POST.get("parent", ""):
        parent = get_object_or_404(report.comments, pk=parent_pk if parent_pk.isdigit() else None)
    return _pressed(
        request,
        report,
        lambda: review.comment_add(
            report=report,
            section=section,
            text=request.POST.get("text", ""),
            parent=parent,
            by=request.user,
        ),
        "Your answer is posted." if parent else "Your comment is posted.",
        f"#section-{section}",
    )


def _visible_version(request, period, number):
    version = selectors.version_of(_visible_report(request, period), number)
    if version is None:
        raise Http404("No such version.")
    return version


@permission_required("reporting.see_report", raise_exception=True)
def export_markdown(request, period, number):
    version = _visible_version(request, period, number)
    response = HttpResponse(
        exports.markdown_of(version), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="report-{period}-v{number}.md"'
    return response


@permission_required("reporting.see_report", raise_exception=True)
def export_pdf(request, period, number):
    version = _visible_version(request, period, number)
    response = HttpResponse(exports.pdf_of(version), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="report-{period}-v{number}.pdf"'
    return response
