"""Proposals: their organisers' own, and every submitted one for the committee with
the reviews a member may read. Every write is a call to a service, whose refusals
come back as 400 with its messages, or 403."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from budget.selectors import expense_categories
from cwg_portal.api import MoneyTotalField, RulesPermission, SlugRelatedField
from dei.selectors import disc_items_in_use
from workshops import selectors
from workshops.enums import FocusArea, Verdict
from workshops.models import Proposal, RequestLine
from workshops.services.decisions import proposal_decide
from workshops.services.proposals import (
    proposal_create,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class PersonNameSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    display_name = serializers.CharField(read_only=True)


class RequestLineSerializer(serializers.ModelSerializer):
    category = SlugRelatedField(
        slug_field="slug",
        queryset=expense_categories(),
    )
    awarded = serializers.DecimalField(**MONEY, read_only=True, allow_null=True)

    class Meta:
        model = RequestLine
        fields = ["category", "description", "amount", "awarded"]


class VisibleCallField(SlugRelatedField):
    def get_queryset(self):
        return selectors.calls_visible_to(self.context["request"].user)


class DecisionSerializer(serializers.ModelSerializer):
    message = serializers.CharField(source="decision_message", read_only=True)

    class Meta:
        model = Proposal
        fields = ["awarded_amount", "message", "decided_at"]


class ProposalSerializer(serializers.ModelSerializer):
    call = VisibleCallField(slug_field="slug")
    currency = serializers.CharField(read_only=True)
    focus_areas = serializers.ListField(
        child=serializers.ChoiceField(choices=FocusArea.choices), required=False
    )
    lead = PersonNameSerializer(read_only=True)
    organisers = PersonNameSerializer(many=True, read_only=True)
    co_organisers = serializers.ListField(
        child=serializers.EmailField(),
        write_only=True,
        required=False,
        max_length=50,
        help_text="The e-mail addresses of the co-organisers to invite (the caller leads "
        "the proposal); each joins its organisers once they accept.",
    )
    lines = RequestLineSerializer(many=True)
    requested_total = MoneyTotalField()
    disc_items = SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=disc_items_in_use()
    )
    stage = serializers.StringRelatedField(read_only=True, allow_null=True)
    decision = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "call",
            "currency",
            "title",
            "summary",
            "goals",
            "focus_areas",
            "format",
            "city",
            "country",
            "starts_on",
            "ends_on",
            "expected_participants",
            "advances_jupyter",
            "grows_community",
            "lead",
            "organisers",
            "co_organisers",
            "lines",
            "requested_total",
            "disc_items",
            "dei_outreach",
            "other_funding",
            "coc_contacts_confirmed",
            "status",
            "stage",
            "submitted_at",
            "decision",
        ]
        read_only_fields = ["status", "submitted_at"]
        # The model's checks and the call's rules are the services' to enforce.
        validators = []

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, proposal):
        if proposal.decided_at is None:
            return None
        return DecisionSerializer(proposal).data


class ProposalUpdateSerializer(ProposalSerializer):
    """A proposal stays in the call it was sent to."""

    call = serializers.SlugRelatedField(slug_field="slug", read_only=True)


class ScoreSerializer(serializers.Serializer):
    criterion = serializers.CharField(source="criterion.name")
    weight = serializers.IntegerField(source="criterion.weight")
    score = serializers.IntegerField()


class ReviewSerializer(serializers.Serializer):
    reviewer = PersonNameSerializer()
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    scores = ScoreSerializer(many=True, source="scores.all")
    weighted_mean = serializers.DecimalField(max_digits=4, decimal_places=2)


class ProposalDetailSerializer(ProposalSerializer):
    reviews = serializers.SerializerMethodField()

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "reviews"]

    @extend_schema_field(ReviewSerializer(many=True))
    def get_reviews(self, proposal):
        """The submitted reviews the caller may read: none to organisers, to a
        conflicted member, or to a reviewer who has not submitted their own."""
        reviews = list(selectors.reviews_shown_to(proposal, self.context["request"].user))
        if not reviews:
            return []
        weights = {criterion.pk: criterion.weight for criterion in proposal.call.criteria.all()}
        for review in reviews:
            review.weighted_mean = selectors.weighted_mean(review, weights).quantize(selectors.CENT)
        return ReviewSerializer(reviews, many=True).data


class DecideSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    awarded_amount = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    message = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    override_reason = serializers.CharField(
        max_length=500,
        required=False,
        default="",
        allow_blank=True,
        help_text="Why to allocate beyond the fund's available money.",
    )


class ProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Proposals: organisers see their own; the committee sees every submitted one.
    A proposal is created as a draft, then submitted; it is never deleted."""

    permission_classes = [RulesPermission]
    # The services check each proposal's own rules, so that a closed call, a
    # decided proposal or a conflicted chair each get their own answer (and the
    # chair's recusal is recorded); here the API asks only who may try.
    permission_required = {
        "list": "workshops.propose",
        "retrieve": "workshops.see_proposal",
        "create": "workshops.propose",
        "partial_update": "workshops.propose",
        "submit": "workshops.propose",
        "withdraw": "workshops.propose",
        "decide": "workshops.see_ranking",
    }

    def get_queryset(self):
        return selectors.proposals_visible_to(self.request.user).prefetch_related(
            "organisers", "disc_items", "lines__category"
        )

    def get_serializer_class(self):
        if self.action == "partial_update":
            return ProposalUpdateSerializer
        if self.action == "retrieve":
            return ProposalDetailSerializer
        return ProposalSerializer

    def _answer(self, proposal, status_code=status.HTTP_200_OK):
        proposal = get_object_or_404(self.get_queryset(), pk=proposal.pk)
        return Response(
            ProposalDetailSerializer(proposal, context=self.get_serializer_context()).data,
            status=status_code,
        )

    @extend_schema(responses={201: ProposalDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        proposal = proposal_create(by=request.user, **serializer.validated_data)
        return self._answer(proposal, status.HTTP_201_CREATED)

    @extend_schema(responses=ProposalDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        proposal = self.get_object()
        serializer = self.get_serializer(proposal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        proposal_update(proposal=proposal, by=request.user, **serializer.validated_data)
        return self._answer(proposal)

    @extend_schema(request=None, responses=ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send a draft to the committee; the call must be open and its rules met."""
        return self._answer(proposal_submit(proposal=self.get_object(), by=request.user))

    @extend_schema(request=None, responses=ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take a proposal back before it is decided."""
        return self._answer(proposal_withdraw(proposal=self.get_object(), by=request.user))

    @extend_schema(request=DecideSerializer, responses=ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """The chair accepts (with the amount awarded), waitlists or declines; accepting
        creates the workshop's event and its budget allocation. Decided once."""
        proposal = self.get_object()
        payload = DecideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(
            proposal_decide(proposal=proposal, by=request.user, **payload.validated_data)
        )
