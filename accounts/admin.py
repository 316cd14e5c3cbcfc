from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from knox.models import AuthToken

from accounts.models import User

admin.site.register(User, UserAdmin)

# knox registers a plain admin for its tokens; ours never shows a digest and can revoke.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class AuthTokenAdmin(admin.ModelAdmin):
    list_display = ("token_key", "user", "created", "expiry")
    list_filter = ("created", "expiry")
    search_fields = ("user__username", "token_key")
    fields = ("token_key", "user", "created", "expiry")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens come from login; the raw value is shown only to its owner, once

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request, queryset):
        count, _ = queryset.delete()
        self.message_user(request, f"Revoked {count} token(s).", messages.SUCCESS)
