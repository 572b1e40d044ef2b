from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from conferences.models import Edition, ScholarshipApplication, Sponsorship
from conferences.selectors import (
    applications_visible_to,
    editions_visible_to,
    sponsorships_visible_to,
)
from conferences.services.sponsorships import sponsorship_mark_paid
from cwg_portal.api import RulesPermission


class EditionSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    start_date = serializers.DateField(source="event.start_date", read_only=True)
    end_date = serializers.DateField(source="event.end_date", read_only=True)
    place = serializers.CharField(source="event.place", read_only=True)
    previous = serializers.SlugRelatedField(slug_field="year", read_only=True, allow_null=True)

    class Meta:
        model = Edition
        fields = ["year", "name", "status", "event", "start_date", "end_date", "place", "previous"]


class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    """JupyterCon editions the caller may see."""

    serializer_class = EditionSerializer
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"
    permission_classes = [RulesPermission]
    permission_required = {
        "list": "conferences.list_editions",
        "retrieve": "conferences.see_edition",
    }

    def get_queryset(self):
        return editions_visible_to(self.request.user)


class SponsorshipSerializer(serializers.ModelSerializer):
    edition = serializers.SlugRelatedField(slug_field="year", read_only=True)
    tier = serializers.CharField(source="tier.name", read_only=True)
    ledger_entry = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    paid_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Sponsorship
        fields = [
            "id",
            "edition",
            "organisation",
            "tier",
            "amount",
            "currency",
            "status",
            "paid_on",
            "ledger_entry",
        ]


class PaidSerializer(serializers.Serializer):
    paid_on = serializers.DateField(required=False)
    amount_fund = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )


class SponsorshipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sponsorships, for the members, the finance staff and the council."""

    serializer_class = SponsorshipSerializer
    permission_classes = [RulesPermission]
    permission_required = {
        "list": "conferences.list_sponsorships",
        "retrieve": "conferences.see_sponsorship",
        "paid": "conferences.mark_sponsorship_paid",
    }

    def get_queryset(self):
        return sponsorships_visible_to(self.request.user).order_by("pk")

    @extend_schema(request=PaidSerializer, responses=SponsorshipSerializer)
    @action(detail=True, methods=["post"])
    def paid(self, request, pk=None):
        """Record the payment as income in the ledger; a second call records nothing more."""
        sponsorship = self.get_object()
        given = PaidSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        paid = sponsorship_mark_paid(
            sponsorship=sponsorship, by=request.user, **given.validated_data
        )
        return Response(SponsorshipSerializer(paid, context={"request": request}).data)


class ApplicationSerializer(serializers.ModelSerializer):
    edition = serializers.IntegerField(source="call.edition.year", read_only=True)
    applicant = serializers.CharField(source="applicant.username", read_only=True)
    amount_awarded = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )

    class Meta:
        model = ScholarshipApplication
        fields = [
            "id",
            "edition",
            "applicant",
            "kind",
            "need",
            "statement",
            "amount_asked",
            "status",
            "amount_awarded",
            "submitted_at",
        ]


class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Scholarship and travel grant applications: one's own, or every one for members."""

    serializer_class = ApplicationSerializer
    permission_classes = [RulesPermission]
    permission_required = {
        "list": "conferences.list_applications",
        "retrieve": "conferences.see_application",
    }

    def get_queryset(self):
        return applications_visible_to(self.request.user).order_by("pk")
