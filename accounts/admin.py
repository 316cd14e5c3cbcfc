from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from knox.models import AuthToken

from accounts import services
from accounts.models import User
from tomato_agent.errors import RateLimited


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The admin login through the same throttled backend as the API: over the limit is a form error."""

    def clean(self):
        try:
            return super().clean()
        except RateLimited as exc:
            raise forms.ValidationError(exc.message, code="rate_limited") from None


admin.site.login_form = ThrottledAdminLoginForm


class _UsernameKeyUnique:
    """Usernames are unique by their normalised key (accounts.usernames), not only by exact case."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        others = User.objects.filter_by_username(username)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("A user with that username already exists.", code="unique")
        return username


class AccountCreationForm(_UsernameKeyUnique, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User


class AccountChangeForm(_UsernameKeyUnique, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class AccountAdmin(UserAdmin):
    add_form = AccountCreationForm
    form = AccountChangeForm

    def delete_model(self, request, obj):
        services.user_delete(user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.user_delete(user=user)


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
