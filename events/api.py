from rest_framework import mixins, serializers, viewsets

from cwg_portal.api import RulesPermission, VisibleRelatedField
from events import services
from events.models import Event
from events.selectors import events_visible_to
from membership.selectors import people, people_visible_to


class EventSerializer(serializers.ModelSerializer):
    organisers = VisibleRelatedField(
        visible=people_visible_to, queryset=people(), many=True, required=False
    )
    lead_contact = VisibleRelatedField(
        visible=people_visible_to, queryset=people(), required=False, allow_null=True
    )
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")

    class Meta:
        model = Event
        fields = [
            "url",
            "slug",
            "title",
            "kind",
            "status",
            "summary",
            "start_date",
            "end_date",
            "city",
            "country",
            "is_online",
            "organisers",
            "lead_contact",
        ]
        read_only_fields = ["slug"]
        # The model's check constraints are enforced by the service's full_clean.
        validators = []


class EventViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Events the caller may see. Events are cancelled, never deleted."""

    serializer_class = EventSerializer
    lookup_field = "slug"
    permission_classes = [RulesPermission]
    permission_required = {
        "list": "events.list_events",
        "retrieve": "events.list_events",
        "create": "events.create_event",
        "update": "events.edit_event",
        "partial_update": "events.edit_event",
    }

    def get_queryset(self):
        return events_visible_to(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.event_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.event_update(
            event=serializer.instance, **serializer.validated_data
        )
