from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cwg_portal.admin import HTTPS_URLS, ReadOnlyMixin
from membership.models import (
    Body,
    CouncilApproval,
    Decision,
    Declaration,
    Election,
    Membership,
    Motion,
    MotionOption,
    Nomination,
    Organisation,
    Person,
    Recusal,
)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["display_name", "affiliation", "github_handle", "is_public", "user"]
    list_filter = ["is_public"]
    search_fields = ["display_name", "affiliation", "github_handle", "user__email"]
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """The organisations of the governance repository's organizations.yml."""

    list_display = ["name", "governance_id", "url"]
    search_fields = ["name", "governance_id"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    """Bodies are data: a new one needs no deploy."""

    list_display = [
        "name",
        "governance_id",
        "kind",
        "portal_role",
        "chair_role",
        "term_months",
        "is_public",
    ]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Seats start and end through the services, which keep the roles in step."""

    list_display = ["person", "body", "role", "starts_on", "ends_on", "left_on"]
    list_filter = ["body", "role"]
    search_fields = ["person__display_name"]


@admin.register(Election)
class ElectionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "body", "status", "opens_at", "closes_at", "quorum_reached"]
    list_filter = ["status", "body"]


class MotionOptionInline(ReadOnlyMixin, admin.TabularInline):
    model = MotionOption
    fields = ["position", "label"]


@admin.register(Motion)
class MotionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Motions change through the services, which keep the vote's rules; their
    ballots and voter roll are not shown at all."""

    list_display = ["title", "body", "kind", "status", "closes_at", "passed"]
    list_filter = ["status", "kind", "body"]
    search_fields = ["title", "text"]
    inlines = [MotionOptionInline]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["nominee", "election", "status", "elected"]
    list_filter = ["status", "elected"]


@admin.register(CouncilApproval)
class CouncilApprovalAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["nomination", "verdict", "decided_by", "decided_at"]


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["person", "kind", "description", "starts_on", "ends_on"]
    list_filter = ["kind"]


@admin.register(Recusal)
class RecusalAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["person", "reason", "recorded_at"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["body", "decided_on", "outcome", "motion"]
    list_filter = ["body", "outcome"]
