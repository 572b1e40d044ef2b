"""The finance staff's door: funds, categories, the ledger, budget lines,
allocations and expense claims. Decimals travel as strings; posted entries are
never changed through the API (PUT, PATCH and DELETE are not offered)."""

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from budget import selectors
from budget.enums import CategoryKind, DocumentKind
from budget.filters import LedgerEntryFilter
from budget.models import (
    Allocation,
    BudgetLine,
    Category,
    ExpenseClaim,
    FiscalYear,
    Fund,
    LedgerEntry,
)
from budget.services import allocations as allocation_services
from budget.services import claims as claim_services
from budget.services import ledger as ledger_services
from budget.services.budget_lines import budget_line_create
from budget.validators import CURRENCY_CHOICES
from cwg_portal.api import MoneyTotalField, RulesPermission, SlugRelatedField
from cwg_portal.registry import ApiRoute
from events.selectors import events

MONEY = {"max_digits": 14, "decimal_places": 2}


def slug_field(queryset, **kwargs):
    return SlugRelatedField(slug_field="slug", queryset=queryset, **kwargs)


class FundSerializer(serializers.ModelSerializer):
    balance = MoneyTotalField()

    class Meta:
        model = Fund
        fields = ["slug", "name", "currency", "description", "balance"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name", "kind", "is_system"]


class LedgerEntrySerializer(serializers.ModelSerializer):
    fund = slug_field(Fund.objects.all())
    category = slug_field(Category.objects.filter(is_system=False))
    event = slug_field(events(), required=False, allow_null=True)
    currency = serializers.ChoiceField(choices=CURRENCY_CHOICES, required=False)
    amount_fund = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    # Most entries reverse nothing and are reversed by nothing.
    reverses = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    reversed_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    reconciled = serializers.SerializerMethodField()

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "fund",
            "date",
            "reference",
            "description",
            "category",
            "amount",
            "currency",
            "amount_fund",
            "rate",
            "event",
            "counterparty",
            "source",
            "reverses",
            "reversed_by",
            "reconciled",
            "entered_at",
        ]
        read_only_fields = ["rate", "source", "entered_at"]
        # Uniqueness and the model's checks are the service's to enforce.
        validators = []

    def get_reconciled(self, entry) -> bool:
        return hasattr(entry, "reconciliation")


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    date = serializers.DateField(required=False)


class BudgetLineSerializer(serializers.ModelSerializer):
    fund = slug_field(Fund.objects.all())
    fiscal_year = SlugRelatedField(slug_field="name", queryset=FiscalYear.objects.all())
    category = slug_field(Category.objects.filter(is_system=False))
    event = slug_field(events(), required=False, allow_null=True)

    class Meta:
        model = BudgetLine
        fields = ["id", "fund", "fiscal_year", "category", "event", "planned_amount", "note"]
        validators = []


class AllocationSerializer(serializers.ModelSerializer):
    fund = slug_field(Fund.objects.all())
    event = slug_field(events(), required=False, allow_null=True)
    spent = MoneyTotalField()

    class Meta:
        model = Allocation
        fields = [
            "id",
            "fund",
            "purpose",
            "event",
            "amount",
            "spent",
            "decided_on",
            "decision_note",
            "decision_url",
            "status",
            "override_reason",
        ]
        read_only_fields = ["status"]


class ExpenseClaimSerializer(serializers.ModelSerializer):
    fund = slug_field(Fund.objects.all())
    category = slug_field(Category.objects.filter(kind=CategoryKind.EXPENSE, is_system=False))
    event = slug_field(events(), required=False, allow_null=True)
    allocation = serializers.PrimaryKeyRelatedField(
        queryset=Allocation.objects.all(), required=False, allow_null=True
    )
    claimant = serializers.PrimaryKeyRelatedField(read_only=True)
    receipt = serializers.FileField(write_only=True, required=False)
    invoice = serializers.FileField(write_only=True, required=False)
    contract = serializers.FileField(write_only=True, required=False)
    approvals = serializers.SerializerMethodField()

    class Meta:
        model = ExpenseClaim
        fields = [
            "id",
            "claimant",
            "fund",
            "event",
            "allocation",
            "category",
            "description",
            "amount",
            "currency",
            "is_invoice",
            "meal_days",
            "status",
            "submitted_at",
            "approvals",
            "approved_at",
            "rejected_at",
            "rejection_reason",
            "paid_at",
            "receipt",
            "invoice",
            "contract",
        ]
        read_only_fields = [
            "status",
            "submitted_at",
            "approved_at",
            "rejected_at",
            "rejection_reason",
            "paid_at",
        ]

    def get_approvals(self, claim) -> int:
        return len(claim.approvals.all())


class ApproveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, default="")


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class PaySerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    amount_fund = serializers.DecimalField(**MONEY, required=False)


class FundViewSet(viewsets.ReadOnlyModelViewSet):
    """Funds with their balance in the fund's currency."""

    serializer_class = FundSerializer
    lookup_field = "slug"
    permission_classes = [RulesPermission]
    permission_required = {"list": "budget.view_ledger", "retrieve": "budget.view_ledger"}

    def get_queryset(self):
        return selectors.funds_with_balance().order_by("name")


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CategorySerializer
    lookup_field = "slug"
    queryset = Category.objects.all()
    permission_classes = [RulesPermission]
    permission_required = {"list": "budget.submit_claim", "retrieve": "budget.submit_claim"}


class LedgerEntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The ledger. Entries are posted and reversed, never changed or deleted."""

    serializer_class = LedgerEntrySerializer
    permission_classes = [RulesPermission]
    permission_required = {
        "list": "budget.view_ledger",
        "retrieve": "budget.view_ledger",
        "create": "budget.post_entry",
        "reverse": "budget.reverse_entry",
    }
    filter_backends = [DjangoFilterBackend]
    filterset_class = LedgerEntryFilter

    def get_queryset(self):
        return selectors.entries_visible_to(self.request.user).select_related("reversed_by")

    def perform_create(self, serializer):
        serializer.instance = ledger_services.entry_post(
            entered_by=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=ReverseSerializer, responses={201: LedgerEntrySerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        """Post the entry that cancels this one."""
        entry = self.get_object()
        form = ReverseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        reversal = ledger_services.entry_reverse(
            entry=entry, entered_by=request.user, **form.validated_data
        )
        return Response(self.get_serializer(reversal).data, status=status.HTTP_201_CREATED)


class BudgetLineViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = BudgetLineSerializer
    permission_classes = [RulesPermission]
    permission_required = {
        "list": "budget.view_ledger",
        "retrieve": "budget.view_ledger",
        "create": "budget.plan_budget",
    }

    def get_queryset(self):
        return selectors.budget_lines_visible_to(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = budget_line_create(
            created_by=self.request.user, **serializer.validated_data
        )


class AllocationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Allocations with what was spent against them; creating one checks the
    fund's available money (an override needs `override_reason`)."""

    serializer_class = AllocationSerializer
    permission_classes = [RulesPermission]
    permission_required = {
        "list": "budget.view_allocations",
        "retrieve": "budget.view_allocations",
        "create": "budget.decide_allocation",
    }

    def get_queryset(self):
        return selectors.allocations_visible_to(self.request.user)

    def perform_create(self, serializer):
        allocation = allocation_services.allocation_create(
            decided_by=self.request.user, **serializer.validated_data
        )
        serializer.instance = selectors.allocations_with_spent().get(pk=allocation.pk)


class ExpenseClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Claims: everyone sees their own; members and finance staff see all.
    Create with multipart form data and at least one of receipt or invoice."""

    serializer_class = ExpenseClaimSerializer
    permission_classes = [RulesPermission]
    permission_required = {
        "list": "budget.submit_claim",
        "retrieve": "budget.view_claim",
        "create": "budget.submit_claim",
        "approve": "budget.approve_claim",
        "reject": "budget.approve_claim",
        "pay": "budget.pay_claim",
    }

    def get_queryset(self):
        return selectors.claims_visible_to(self.request.user).prefetch_related("approvals")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        documents = [
            (kind, data.pop(kind.value))
            for kind in DocumentKind
            if data.get(kind.value) is not None
        ]
        for kind in DocumentKind:
            data.pop(kind.value, None)
        serializer.instance = claim_services.claim_submit(
            claimant=self.request.user, documents=documents, **data
        )

    def _transition(self, request, payload_serializer, service, **names):
        if self.action in ("approve", "reject"):
            claim = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
            claim_services.claim_decision_attempted(claim=claim, by=request.user)
        claim = self.get_object()
        payload = payload_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        service(claim=claim, **{names["user"]: request.user}, **payload.validated_data)
        claim = get_object_or_404(self.get_queryset(), pk=claim.pk)
        return Response(self.get_serializer(claim).data)

    @extend_schema(request=ApproveSerializer, responses=ExpenseClaimSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Add your approval; two are needed above the threshold."""
        return self._transition(
            request, ApproveSerializer, claim_services.claim_approve, user="approver"
        )

    @extend_schema(request=RejectSerializer, responses=ExpenseClaimSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._transition(
            request, RejectSerializer, claim_services.claim_reject, user="rejected_by"
        )

    @extend_schema(request=PaySerializer, responses=ExpenseClaimSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        """Pay an approved claim: posts exactly one expense entry."""
        return self._transition(request, PaySerializer, claim_services.claim_pay, user="paid_by")


API_ROUTES = (
    ApiRoute("funds", FundViewSet, "fund"),
    ApiRoute("categories", CategoryViewSet, "category"),
    ApiRoute("ledger-entries", LedgerEntryViewSet, "ledger-entry"),
    ApiRoute("budget-lines", BudgetLineViewSet, "budget-line"),
    ApiRoute("allocations", AllocationViewSet, "allocation"),
    ApiRoute("expense-claims", ExpenseClaimViewSet, "expense-claim"),
)
