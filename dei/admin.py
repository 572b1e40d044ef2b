from django.contrib import admin

from dei.models import DiscItem


@admin.register(DiscItem)
class DiscItemAdmin(admin.ModelAdmin):
    list_display = ["text", "tier", "position", "retired"]
    list_filter = ["tier", "retired"]
    search_fields = ["text", "slug"]
