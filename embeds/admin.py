"""Embeds in the admin: every widget, its owner, origins, limits; switch one off."""

from django.contrib import admin

from embeds.models import Embed


@admin.register(Embed)
class EmbedAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "agent", "enabled", "created_at", "daily_token_budget")
    list_filter = ("enabled", "created_at")
    search_fields = ("name", "token", "owner__username")
    readonly_fields = ("token", "created_at")
    actions = ["switch_off"]

    @admin.action(description="Switch the selected widgets off")
    def switch_off(self, request, queryset):
        self.message_user(request, f"Switched off {queryset.update(enabled=False)} widget(s).")
