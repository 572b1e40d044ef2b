"""The reports through the API: every version's figures, the council's part to
those who may read it, a build on request and the progress of its job."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cwg_portal.api import RulesPermission
from cwg_portal.registry import ApiRoute
from reporting import selectors
from reporting.models import Report, ReportBuild, ReportVersion
from reporting.services import builds


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportVersion
        fields = ["number", "built_at", "fingerprint", "figures"]


class NarrativeSerializer(serializers.Serializer):
    section = serializers.CharField()
    text = serializers.CharField()
    council_note = serializers.CharField(allow_null=True)


class ReportSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:report-detail", lookup_field="period")
    versions = VersionSerializer(many=True, read_only=True)
    narratives = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "url",
            "period",
            "starts_on",
            "ends_on",
            "due_on",
            "status",
            "versions",
            "narratives",
        ]

    @extend_schema_field(NarrativeSerializer(many=True))
    def get_narratives(self, report):
        # The council's notes reach only those who may read the council's part.
        council = self.context["request"].user.has_perm("reporting.see_council_part", report)
        return [
            {
                "section": narrative.section,
                "text": narrative.public_text,
                "council_note": narrative.council_text if council else None,
            }
            for narrative in report.narratives.all()
        ]


class BuildRequestSerializer(serializers.Serializer):
    period = serializers.RegexField(
        r"^\d{4}[QH]\d$", max_length=7, help_text="The period, as 2026Q3 or 2026H2."
    )


class BuildTaskSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="report.period", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True, allow_null=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:task-detail")

    class Meta:
        model = ReportBuild
        fields = ["url", "id", "period", "state", "percent", "version", "error"]


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The reports the caller may see, every version with its frozen figures."""

    serializer_class = ReportSerializer
    lookup_field = "period"
    lookup_value_regex = r"\d{4}[QH]\d"
    permission_classes = [RulesPermission]
    permission_required = {
        "list": "reporting.see_report",
        "retrieve": "reporting.see_report",
        "build": "reporting.build_report",
    }

    def get_queryset(self):
        return (
            selectors.reports_visible_to(self.request.user)
            .prefetch_related("versions", "narratives")
            .order_by("-starts_on")
        )

    @extend_schema(request=BuildRequestSerializer, responses={202: BuildTaskSerializer})
    @action(detail=False, methods=["post"])
    def build(self, request):
        """Queue a build of a period's report; follow it at the task's URL."""
        form = BuildRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        queued = builds.build_request(
            period=builds.period_named(form.validated_data["period"]), by=request.user
        )
        body = BuildTaskSerializer(queued, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED)


class TaskViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A background job's state and percentage done."""

    serializer_class = BuildTaskSerializer
    permission_classes = [RulesPermission]
    permission_required = {"retrieve": "reporting.see_report"}
    # The ids are UUIDs: anything else is no task at all.
    lookup_value_regex = r"[0-9a-fA-F-]{36}"

    def get_queryset(self):
        return selectors.builds_visible_to(self.request.user)


API_ROUTES = (
    ApiRoute("reports", ReportViewSet, "report"),
    ApiRoute("tasks", TaskViewSet, "task"),
)
