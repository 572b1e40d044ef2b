from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from budget.selectors import event_finances
from conferences import selectors
from conferences.charts import cumulative_chart
from conferences.enums import SPONSORSHIP_NEXT, SponsorshipStatus
from conferences.forms import (
    ApplicationForm,
    AwardForm,
    DecisionForm,
    EditionForm,
    EditionSummaryForm,
    LessonForm,
    MilestoneForm,
    PaidForm,
    PartnershipForm,
    RegistrationForm,
    RegistrationImportForm,
    ScholarshipCallForm,
    SponsorshipForm,
    TicketTypeForm,
    TierForm,
)
from conferences.services import editions as edition_services
from conferences.services import registrations as registration_services
from conferences.services import scholarships as scholarship_services
from conferences.services import sponsorships as sponsorship_services
from conferences.services.editions import SUMMARY_FIELDS
from cwg_portal.access import require_perm
from cwg_portal.forms import run_service
from dei.selectors import checklist_items, checklist_of_event, progress_of
from membership.selectors import is_conflicted


def _decided(form, save):
    """As `run_service`, and a conflict of interest refused goes onto the form too."""
    try:
        return run_service(form, save)
    except PermissionDenied as refused:
        form.add_error(None, str(refused))
        return None


def _form_page(request, form, *, title, submit, cancel_url):
    context = {"form": form, "title": title, "submit": submit, "cancel_url": cancel_url}
    return render(request, "conferences/form.html", context)


def _edition(request, year):
    return get_object_or_404(selectors.editions_visible_to(request.user), year=year)


@permission_required("conferences.list_editions")
def edition_list(request):
    context = {"editions": selectors.editions_visible_to(request.user)}
    return render(request, "conferences/edition_list.html", context)


@permission_required("conferences.manage_edition", raise_exception=True)
def edition_create(request):
    latest = selectors.editions().first()
    form = EditionForm(request.POST or None, initial={"previous": latest})
    if request.method == "POST" and form.is_valid():
        edition = run_service(
            form,
            lambda: edition_services.edition_create(by=request.user, **form.cleaned_data),
        )
        if edition:
            messages.success(request, f"{edition} is in planning.")
            return redirect(edition)
    return _form_page(
        request,
        form,
        title="New edition",
        submit="Create the edition",
        cancel_url=reverse("conferences:list"),
    )


def edition(request, year):
    found = _edition(request, year)
    # Opened for upcoming editions by the DEI app's daily job.
    dei_checklist = checklist_of_event(found.event)
    context = {
        "edition": found,
        "event": found.event,
        "partnerships": found.partnerships.all(),
        "milestones": selectors.milestones_of(found),
        "decisions": selectors.decisions_visible_to(request.user).filter(edition=found),
        "tiers": found.tiers.all(),
        "lessons": found.lessons.all(),
        "checklist": found.checklist.select_related("lesson__edition"),
        "sponsorships": selectors.sponsorships_visible_to(request.user).filter(edition=found),
        "summary": selectors.summary_of(found),
        "finances": event_finances(found.event),
        "dei_checklist": dei_checklist,
        "dei_progress": progress_of(checklist_items(dei_checklist)) if dei_checklist else None,
    }
    return render(request, "conferences/edition_detail.html", context)


@require_POST
def edition_advance(request, year):
    found = _edition(request, year)
    require_perm(request.user, "conferences.manage_edition")
    try:
        moved = edition_services.edition_advance(edition=found, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{moved} is now {moved.get_status_display().lower()}.")
    return redirect(found)


def _edition_form(request, year, *, form_class, save, title, submit, done):
    """A form that adds something to an edition, for those who manage editions."""
    found = _edition(request, year)
    require_perm(request.user, "conferences.manage_edition")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: save(edition=found, by=request.user, **form.cleaned_data))
        if saved:
            messages.success(request, done.format(saved))
            return redirect(found)
    return _form_page(
        request, form, title=title.format(found), submit=submit, cancel_url=found.get_absolute_url()
    )


def partnership_create(request, year):
    return _edition_form(
        request,
        year,
        form_class=PartnershipForm,
        save=edition_services.partnership_add,
        title="New partner of {}",
        submit="Add the partner",
        done="{} is a partner.",
    )


def milestone_create(request, year):
    return _edition_form(
        request,
        year,
        form_class=MilestoneForm,
        save=edition_services.milestone_add,
        title="New milestone of {}",
        submit="Add the milestone",
        done="“{}” is on the timeline.",
    )


def tier_create(request, year):
    return _edition_form(
        request,
        year,
        form_class=TierForm,
        save=sponsorship_services.tier_add,
        title="New sponsor tier of {}",
        submit="Add the tier",
        done="The tier “{}” is added.",
    )


def edition_summary(request, year):
    """The edition's summary, filed once it is held and corrected after."""
    found = _edition(request, year)
    require_perm(request.user, "conferences.manage_edition")
    form = EditionSummaryForm(request.POST or None, instance=selectors.summary_of(found))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SUMMARY_FIELDS}
        filed = run_service(
            form,
            lambda: edition_services.edition_summary_file(edition=found, by=request.user, **fields),
        )
        if filed:
            messages.success(request, "The edition's summary is saved.")
            return redirect(found)
    return _form_page(
        request,
        form,
        title=f"Summary of {found}",
        submit="Save the summary",
        cancel_url=found.get_absolute_url(),
    )


def lesson_create(request, year):
    return _edition_form(
        request,
        year,
        form_class=LessonForm,
        save=edition_services.lesson_record,
        title="Add a lesson to the retrospective of {}",
        submit="Add the lesson",
        done="The lesson is recorded; the next edition will check it.",
    )


@require_POST
def checklist_item_done(request, year, pk):
    found = _edition(request, year)
    require_perm(request.user, "conferences.manage_edition")
    item = get_object_or_404(found.checklist, pk=pk)
    edition_services.checklist_item_done(item=item, by=request.user)
    messages.success(request, "The checklist item is done.")
    return redirect(found)


@require_POST
def milestone_done(request, year, pk):
    found = _edition(request, year)
    require_perm(request.user, "conferences.manage_edition")
    milestone = get_object_or_404(found.milestones, pk=pk)
    edition_services.milestone_done(milestone=milestone, by=request.user)
    messages.success(request, f"“{milestone}” is done.")
    return redirect(found)


@login_not_required
def decision_list(request):
    decisions = selectors.decisions_visible_to(request.user).order_by("decided_on", "pk")
    return render(request, "conferences/decision_list.html", {"decisions": decisions})


@permission_required("conferences.record_decision", raise_exception=True)
def decision_create(request):
    initial = {"edition": request.GET.get("edition")}
    form = DecisionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        decision = run_service(
            form,
            lambda: edition_services.decision_record(by=request.user, **form.cleaned_data),
        )
        if decision:
            messages.success(request, f"The decision “{decision}” is recorded.")
            return redirect("conferences:decisions")
    return _form_page(
        request,
        form,
        title="Record a strategic decision",
        submit="Record the decision",
        cancel_url=reverse("conferences:decisions"),
    )


def sponsorship_create(request, year):
    found = _edition(request, year)
    require_perm(request.user, "conferences.add_sponsorship")
    form = SponsorshipForm(request.POST or None, edition=found)
    if request.method == "POST" and form.is_valid():
        sponsorship = run_service(
            form,
            lambda: sponsorship_services.sponsorship_create(
                edition=found, by=request.user, **form.cleaned_data
            ),
        )
        if sponsorship:
            messages.success(request, f"{sponsorship.organisation} is recorded as a prospect.")
            return redirect(sponsorship)
    return _form_page(
        request,
        form,
        title=f"New sponsorship of {found}",
        submit="Record the sponsorship",
        cancel_url=found.get_absolute_url(),
    )


def _sponsorship(request, pk):
    return get_object_or_404(selectors.sponsorships_visible_to(request.user), pk=pk)


def sponsorship(request, pk, paid_form=None):
    found = _sponsorship(request, pk)
    moves = set(SPONSORSHIP_NEXT[SponsorshipStatus(found.status)]) - {SponsorshipStatus.PAID}
    context = {
        "sponsorship": found,
        "moves": [SponsorshipStatus(status) for status in SponsorshipStatus if status in moves],
        "paid_form": paid_form or PaidForm(),
    }
    return render(request, "conferences/sponsorship_detail.html", context)


@require_POST
def sponsorship_move(request, pk):
    found = _sponsorship(request, pk)
    try:
        sponsorship_services.sponsorship_move(
            sponsorship=found, status=request.POST.get("status", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The sponsorship's status is changed.")
    return redirect(found)


@require_POST
def sponsorship_paid(request, pk):
    found = _sponsorship(request, pk)
    require_perm(request.user, "conferences.mark_sponsorship_paid", found)
    form = PaidForm(request.POST)
    if form.is_valid():
        paid = run_service(
            form,
            lambda: sponsorship_services.sponsorship_mark_paid(
                sponsorship=found, by=request.user, **form.cleaned_data
            ),
        )
        if paid:
            messages.success(request, "The payment is recorded as income in the ledger.")
            return redirect(found)
    return sponsorship(request, pk, paid_form=form)


# Scholarships and travel grants.


@login_not_required
def scholarships(request, year):
    """The edition's public call, and who may apply or open one."""
    found = _edition(request, year)
    call = selectors.call_of(found)
    today = timezone.localdate()
    context = {
        "edition": found,
        "call": call,
        "is_open": call is not None and call.opens_on <= today <= call.closes_on,
        "left": selectors.envelope_left(call) if call else None,
    }
    return render(request, "conferences/scholarships.html", context)


def scholarship_call_create(request, year):
    return _edition_form(
        request,
        year,
        form_class=ScholarshipCallForm,
        save=scholarship_services.scholarship_call_open,
        title="Open the scholarship call of {}",
        submit="Open the call",
        done="{} is open.",
    )


def application_create(request, year):
    found = _edition(request, year)
    call = selectors.call_of(found)
    if call is None:
        raise Http404
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = run_service(
            form,
            lambda: scholarship_services.application_submit(
                call=call, applicant=request.user, **form.cleaned_data
            ),
        )
        if application:
            messages.success(request, "Your application is submitted.")
            return redirect(application)
    return _form_page(
        request,
        form,
        title=f"Apply for a scholarship or travel grant to {found}",
        submit="Submit the application",
        cancel_url=call.get_absolute_url(),
    )


def application_list(request):
    applications = selectors.applications_visible_to(request.user)
    return render(request, "conferences/application_list.html", {"applications": applications})


def _application(request, pk):
    return get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)


def application(request, pk, award_form=None):
    found = _application(request, pk)
    person = getattr(request.user, "person", None)
    context = {
        "application": found,
        "award_form": award_form or AwardForm(),
        "conflicted": person is not None and is_conflicted(person, found),
    }
    return render(request, "conferences/application_detail.html", context)


@require_POST
def application_award(request, pk):
    found = _application(request, pk)
    require_perm(request.user, "conferences.decide_application", found)
    form = AwardForm(request.POST)
    if form.is_valid():
        awarded = _decided(
            form,
            lambda: scholarship_services.application_award(
                application=found, amount=form.cleaned_data["amount"], by=request.user
            ),
        )
        if awarded:
            messages.success(request, "The award is recorded.")
            return redirect(found)
    return application(request, pk, award_form=form)


@require_POST
def application_decline(request, pk):
    found = _application(request, pk)
    require_perm(request.user, "conferences.decide_application", found)
    try:
        scholarship_services.application_decline(application=found, by=request.user)
    except PermissionDenied as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "The application is declined.")
    return redirect(found)


# Registrations.


def registrations(request, year, record_form=None, import_form=None):
    found = _edition(request, year)
    context = {
        "edition": found,
        "ticket_types": found.ticket_types.all(),
        "days": selectors.registrations_by_day(found),
        "chart": _registration_chart(found),
        "record_form": record_form or RegistrationForm(edition=found),
        "import_form": import_form or RegistrationImportForm(),
    }
    return render(request, "conferences/registrations.html", context)


def _registration_chart(edition):
    lines = [(edition.name, "current", selectors.registration_curve(edition))]
    if edition.previous is not None:
        previous = edition.previous
        lines.append(
            (f"{previous.name} (dashed)", "previous", selectors.registration_curve(previous))
        )
    return cumulative_chart(
        title=f"Registrations so far of {edition.name}, against the previous edition, "
        "by days before the start",
        lines=lines,
    )


def ticket_type_create(request, year):
    return _edition_form(
        request,
        year,
        form_class=TicketTypeForm,
        save=registration_services.ticket_type_add,
        title="New ticket type of {}",
        submit="Add the ticket type",
        done="The ticket type “{}” is added.",
    )


@require_POST
def registration_record(request, year):
    found = _edition(request, year)
    require_perm(request.user, "conferences.enter_registrations", found)
    form = RegistrationForm(request.POST, edition=found)
    if form.is_valid():
        saved = run_service(
            form,
            lambda: registration_services.registration_record(
                edition=found, by=request.user, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, "The figures are recorded.")
            return redirect("conferences:registrations", year=year)
    return registrations(request, year, record_form=form)


@require_POST
def registration_import(request, year):
    found = _edition(request, year)
    require_perm(request.user, "conferences.enter_registrations", found)
    form = RegistrationImportForm(request.POST, request.FILES)
    if form.is_valid():
        content = form.cleaned_data["file"].read().decode("utf-8-sig", errors="replace")
        imported = run_service(
            form,
            lambda: registration_services.registrations_import(
                edition=found, content=content, by=request.user
            ),
        )
        if imported is not None:
            messages.success(request, f"Imported {imported} line{pluralize(imported)}.")
            return redirect("conferences:registrations", year=year)
    return registrations(request, year, import_form=form)
