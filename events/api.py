from rest_framework import mixins, serializers, viewsets

from cwg_portal.api import RulesPermission, SlugRelatedField, VisibleRelatedField
from events import services
from events.models import Engagement, Event, Task
from events.selectors import (
    boards_visible_to,
    engagements_visible_to,
    events,
    events_visible_to,
    tasks_visible_to,
)
from events.services import tasks as task_services
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


class BoardEventField(SlugRelatedField):
    """An event by slug among those whose board the caller works; any other is unknown."""

    def get_queryset(self):
        return boards_visible_to(self.context["request"].user)


class TaskSerializer(serializers.ModelSerializer):
    event = BoardEventField(slug_field="slug", queryset=events())
    owner = VisibleRelatedField(
        visible=people_visible_to, queryset=people(), required=False, allow_null=True
    )
    due_on = serializers.DateField(required=False, allow_null=True)

    class Meta:
        model = Task
        fields = ["id", "event", "title", "description", "owner", "due_on", "status", "created_at"]
        read_only_fields = ["created_at"]


class TaskUpdateSerializer(TaskSerializer):
    class Meta(TaskSerializer.Meta):
        # A card stays on its board.
        read_only_fields = ["event", "created_at"]


class TaskViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The cards of the task boards the caller works. Moving a card is an update of its status."""

    permission_classes = [RulesPermission]
    permission_required = {
        "list": "events.list_tasks",
        "retrieve": "events.see_task",
        "create": "events.list_tasks",
        "update": "events.see_task",
        "partial_update": "events.see_task",
    }

    def get_serializer_class(self):
        return (
            TaskUpdateSerializer if self.action in ("update", "partial_update") else TaskSerializer
        )

    def get_queryset(self):
        return tasks_visible_to(self.request.user).order_by("pk")

    def perform_create(self, serializer):
        serializer.instance = task_services.task_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = task_services.task_update(
            task=serializer.instance, by=self.request.user, **serializer.validated_data
        )


class EngagementSerializer(serializers.ModelSerializer):
    staff_member = serializers.CharField(source="staff_member.person.display_name", read_only=True)
    organisation = serializers.CharField(source="staff_member.organisation", read_only=True)
    events = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Engagement
        fields = [
            "id",
            "staff_member",
            "organisation",
            "scope",
            "events",
            "starts_on",
            "ends_on",
            "fee",
            "currency",
            "status",
        ]


class EngagementViewSet(viewsets.ReadOnlyModelViewSet):
    """Engagements of the events staff: every one for members, their own for staff."""

    serializer_class = EngagementSerializer
    permission_classes = [RulesPermission]
    permission_required = {
        "list": "events.list_engagements",
        "retrieve": "events.see_engagement",
    }

    def get_queryset(self):
        return engagements_visible_to(self.request.user).order_by("pk")
