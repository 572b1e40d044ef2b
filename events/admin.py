from django.contrib import admin

from events.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "start_date", "end_date", "city", "is_online"]
    list_filter = ["kind", "status", "is_online"]
    search_fields = ["title", "slug", "city", "country"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisers"]
    raw_id_fields = ["lead_contact"]
    date_hierarchy = "start_date"
