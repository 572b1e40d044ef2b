"""Expense claims: the list and queues, filing a claim with its receipts, one
claim with its timeline and findings, approving, rejecting, paying, and the
receipts' private downloads."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from rules.contrib.views import permission_required

from budget import selectors
from budget.enums import ClaimStatus
from budget.forms import ApproveForm, ClaimForm, PayForm, RejectForm
from budget.models import Receipt
from budget.services import claims as claim_services
from budget.views._common import claim_rows
from cwg_portal.access import require_perm
from cwg_portal.forms import add_service_error
from cwg_portal.pagination import paginate

# The queues: what waits longest comes first.
QUEUE_ORDER = {
    ClaimStatus.SUBMITTED: ("submitted_at", "pk"),
    ClaimStatus.APPROVED: ("approved_at", "pk"),
}


def claim_list(request):
    claims = selectors.claims_visible_to(request.user).select_related("claimant__person")
    status = request.GET.get("status")
    if status in ClaimStatus.values:
        claims = claims.filter(status=status).order_by(*QUEUE_ORDER.get(status, ("-pk",)))
    else:
        status = None
    page = paginate(request, claims)
    context = {
        "page": page,
        "rows": claim_rows(page),
        "chosen": status,
        "statuses": ClaimStatus.choices,
        # The two queues someone works through, and what each is waiting for.
        "awaiting_approval": status == ClaimStatus.SUBMITTED,
        "awaiting_payment": status == ClaimStatus.APPROVED,
        "payment_days": settings.BUDGET_PAYMENT_DAYS,
    }
    return render(request, "budget/claim_list.html", context)


# A page that knows what the claim is for (a workshop's) links here with these filled in.
CLAIM_PREFILL = ("fund", "event", "allocation")


@permission_required("budget.submit_claim", raise_exception=True)
def claim_create(request):
    prefill = {name: request.GET[name] for name in CLAIM_PREFILL if name in request.GET}
    form = ClaimForm(
        request.POST or None, request.FILES or None, user=request.user, initial=prefill
    )
    if request.method == "POST" and form.is_valid():
        try:
            claim = claim_services.claim_submit(claimant=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            form.add_error("event", "You may not file a claim for this event.")
        else:
            messages.success(request, f"Your claim {claim.pk} was submitted.")
            return redirect("budget:claim", claim_pk=claim.pk)
    return render(request, "budget/claim_form.html", {"form": form})


def _visible_claim(request, claim_pk):
    claims = selectors.claims_visible_to(request.user).select_related(
        "claimant__person", "allocation", "rejected_by__person", "paid_by__person", "payment"
    )
    claim = get_object_or_404(claims, pk=claim_pk)
    require_perm(request.user, "budget.view_claim", claim)
    return claim


def _timeline(claim, approvals):
    """(what, who, when, note) for each step the claim went through."""
    steps = [("Submitted", claim.claimant, claim.submitted_at, "")]
    steps += [("Approval", a.approver, a.approved_at, a.note) for a in approvals]
    if claim.approved_at:
        steps.append(("Approved", None, claim.approved_at, ""))
    if claim.rejected_at:
        steps.append(("Rejected", claim.rejected_by, claim.rejected_at, claim.rejection_reason))
    if claim.paid_at:
        steps.append(("Paid", claim.paid_by, claim.paid_at, ""))
    return steps


def _payment_waits(user, claim):
    """Why an approved claim the user would pay cannot be paid yet."""
    if claim.status != ClaimStatus.APPROVED or not user.has_perm("budget.pay_claim", claim):
        return []
    return selectors.claim_refusals(claim, "pay")


def _claim_page(request, claim, **forms):
    approvals = list(claim.approvals.select_related("approver__person"))
    receipts = list(claim.receipts.all())
    context = {
        "claim": claim,
        "timeline": _timeline(claim, approvals),
        "approvals_required": selectors.approvals_required(claim),
        "approvals_given": len(approvals),
        "receipts": receipts,
        "findings": selectors.claim_policy_findings(claim),
        "actions": selectors.claim_actions(request.user, claim),
        "payment_waits": _payment_waits(request.user, claim),
        "payment": getattr(claim, "payment", None),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "pay_form": forms.get("pay_form") or PayForm(claim=claim),
        "history": selectors.history_of(claim),
    }
    return render(request, "budget/claim_detail.html", context)


def claim_detail(request, claim_pk):
    return _claim_page(request, _visible_claim(request, claim_pk))


def _claim_action(request, claim_pk, *, perm, form_class, form_name, act, done):
    """The pattern of approve, reject and pay: check the permission, run the
    service on POST, show its refusal on the claim's page."""
    claim = _visible_claim(request, claim_pk)
    if request.method == "POST" and perm == "budget.approve_claim":
        claim_services.claim_decision_attempted(claim=claim, by=request.user)
    require_perm(request.user, perm, claim)
    extra = {"claim": claim} if form_class is PayForm else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            result = act(claim, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done(result))
            return redirect("budget:claim", claim_pk=claim.pk)
    return _claim_page(request, claim, **{form_name: form})


def claim_approve(request, claim_pk):
    def act(claim, note):
        return claim_services.claim_approve(claim=claim, approver=request.user, note=note)

    def done(claim):
        if claim.status == ClaimStatus.APPROVED:
            return "Your approval is recorded; the claim is approved."
        return "Your approval is recorded; the claim needs another member's approval."

    return _claim_action(
        request,
        claim_pk,
        perm="budget.approve_claim",
        form_class=ApproveForm,
        form_name="approve_form",
        act=act,
        done=done,
    )


def claim_reject(request, claim_pk):
    def act(claim, reason):
        return claim_services.claim_reject(claim=claim, rejected_by=request.user, reason=reason)

    return _claim_action(
        request,
        claim_pk,
        perm="budget.approve_claim",
        form_class=RejectForm,
        form_name="reject_form",
        act=act,
        done=lambda claim: "The claim was rejected; the claimant can read your reason.",
    )


def claim_pay(request, claim_pk):
    def act(claim, date=None, amount_fund=None):
        return claim_services.claim_pay(
            claim=claim, paid_by=request.user, date=date, amount_fund=amount_fund
        )

    return _claim_action(
        request,
        claim_pk,
        perm="budget.pay_claim",
        form_class=PayForm,
        form_name="pay_form",
        act=act,
        done=lambda entry: f"The claim was paid: ledger entry {entry.reference}.",
    )


def receipt_download(request, receipt_pk):
    """The private file, to those who may see its claim; 404 to everyone else."""
    receipts = Receipt.objects.select_related("claim").filter(
        claim__in=selectors.claims_visible_to(request.user)
    )
    receipt = get_object_or_404(receipts, pk=receipt_pk)
    require_perm(request.user, "budget.view_claim", receipt.claim)
    try:
        stream = receipt.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file of this receipt is missing from the storage.") from missing
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=receipt.download_name,
        content_type=receipt.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
