"""The workshops the program funds: public fields only, and the summary where its
organisers published it."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from cwg_portal.api import PublicReadOnly
from workshops import selectors
from workshops.models import PostEventSummary, Proposal


class PublicSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = PostEventSummary
        fields = list(PostEventSummary.PUBLIC_FIELDS)


class WorkshopSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(source="event.slug")
    start_date = serializers.DateField(source="event.start_date")
    end_date = serializers.DateField(source="event.end_date")
    city = serializers.CharField(source="event.city")
    country = serializers.CharField(source="event.country")
    currency = serializers.CharField()
    organisers = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "slug",
            "title",
            "start_date",
            "end_date",
            "format",
            "city",
            "country",
            "organisers",
            "awarded_amount",
            "currency",
            "summary",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_organisers(self, proposal):
        """Only the organisers who chose to be public are named."""
        return [person.display_name for person in proposal.organisers.all() if person.is_public]

    @extend_schema_field(PublicSummarySerializer(allow_null=True))
    def get_summary(self, proposal):
        summary = getattr(proposal, "post_event_summary", None)
        if summary is None or not summary.is_public:
            return None
        return PublicSummarySerializer(summary).data


class WorkshopViewSet(viewsets.ReadOnlyModelViewSet):
    """The workshops the program funds, with their public fields, and the
    summary where its organisers published it."""

    serializer_class = WorkshopSerializer
    permission_classes = [PublicReadOnly]
    lookup_field = "event__slug"
    lookup_url_kwarg = "slug"

    def get_queryset(self):
        return selectors.workshops().select_related("call__fund", "post_event_summary")
