"""API keys in the admin: see every key (never a secret), revoke, and create one for a person (its secret shown once)."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from apikeys import services
from apikeys.models import SCOPES, ApiKey


class ApiKeyCreateForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=[(s, s) for s in SCOPES], initial=list(SCOPES), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiKey
        fields = ("user", "name", "scopes", "expires_at", "requests_per_minute", "requests_per_day")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "user",
        "prefix",
        "scopes",
        "status",
        "created_at",
        "expires_at",
        "last_used_at",
        "last_used_ip",
    )
    list_filter = ("created_at", "revoked_at", "last_used_at")
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "prefix", "created_at", "revoked_at", "last_used_at", "last_used_ip")
    fields = (
        "user",
        "name",
        "prefix",
        "scopes",
        "expires_at",
        "requests_per_minute",
        "requests_per_day",
        "created_at",
        "revoked_at",
        "last_used_at",
        "last_used_ip",
    )
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiKeyCreateForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ApiKeyCreateForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        key, secret = services.key_create(
            user=data["user"],
            name=data["name"],
            scopes=data["scopes"],
            expires_at=data["expires_at"],
            requests_per_minute=data["requests_per_minute"],
            requests_per_day=data["requests_per_day"],
        )
        obj.pk = key.pk
        self.message_user(
            request, f"The key for {key.user}: {secret} — copy it now; it is not shown again.", messages.WARNING
        )

    @admin.action(description="Revoke selected keys")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} key(s).", messages.SUCCESS)
