"""Calls for proposals: public once they open, with their caps, rubric and stages."""

from rest_framework import serializers, viewsets

from cwg_portal.api import PublicReadOnly
from workshops import selectors
from workshops.models import Call, Criterion, FormatCap, ReviewStage


class FormatCapSerializer(serializers.ModelSerializer):
    class Meta:
        model = FormatCap
        fields = ["format", "cap"]


class ReviewStageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewStage
        fields = ["position", "name", "ends_on", "waivable", "waived"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["position", "name", "description", "weight"]


class CallSerializer(serializers.ModelSerializer):
    currency = serializers.CharField(read_only=True)
    is_open = serializers.SerializerMethodField()
    caps = FormatCapSerializer(many=True, read_only=True)
    stages = ReviewStageSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "slug",
            "title",
            "description",
            "opens_at",
            "closes_at",
            "is_open",
            "envelope",
            "currency",
            "caps",
            "direct_costs_only",
            "min_participants",
            "max_participants",
            "min_days",
            "max_days",
            "stages",
            "criteria",
            "reviewers_per_proposal",
            "summary_due_days",
            "requires_dei_signoff",
        ]

    def get_is_open(self, call) -> bool:
        return call.is_open()


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """Calls for proposals: public once they open; the committee also sees those to come."""

    serializer_class = CallSerializer
    permission_classes = [PublicReadOnly]
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.calls_visible_to(self.request.user).prefetch_related("stages", "criteria")
