"""The workshops program in the admin: shown, not changed. Calls, proposals and
summaries change through the program's pages, which keep versions and check the
rules; reviews and scores are not shown at all (see CONFIDENTIAL_MODELS)."""

from django.contrib import admin

from cwg_portal.admin import ReadOnlyMixin
from workshops.models import (
    Call,
    Criterion,
    FormatCap,
    PostEventSummary,
    Proposal,
    ProposalVersion,
    RequestLine,
    ReviewStage,
)


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0


class FormatCapInline(ReadOnlyInline):
    model = FormatCap


class ReviewStageInline(ReadOnlyInline):
    model = ReviewStage


class CriterionInline(ReadOnlyInline):
    model = Criterion


class RequestLineInline(ReadOnlyInline):
    model = RequestLine


class ProposalVersionInline(ReadOnlyInline):
    model = ProposalVersion
    fields = ["number", "saved_by", "saved_at"]
    # saved_at is set by the database, so the admin's form cannot carry it.
    readonly_fields = fields


@admin.register(Call)
class CallAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "envelope", "fund"]
    search_fields = ["title", "slug"]
    date_hierarchy = "opens_at"
    inlines = [FormatCapInline, ReviewStageInline, CriterionInline]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "call", "lead", "format", "status", "stage", "awarded_amount"]
    list_filter = ["status", "format", "call"]
    search_fields = ["title", "lead__display_name"]
    inlines = [RequestLineInline, ProposalVersionInline]


@admin.register(PostEventSummary)
class PostEventSummaryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["proposal", "attendance_total", "first_time_contributors", "is_public"]
    list_filter = ["is_public"]
