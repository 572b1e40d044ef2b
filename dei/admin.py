from django.contrib import admin

from dei.models import DiscItem


@admin.register(DiscItem)
class DiscItemAdmin(admin.ModelAdmin):
    list_display = ["text", "tier", "theme", "position", "retired"]
    list_filter = ["tier", "theme", "retired"]
    search_fields = ["text", "slug"]
