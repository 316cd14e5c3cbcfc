"""Providers in the admin: the key is write-only, base URLs pass the SSRF check, "Test connection" lists models."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from providers import services
from providers.models import Provider, ProviderModel


class ProviderForm(forms.ModelForm):
    api_key = forms.CharField(
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        required=False,
        strip=True,
        max_length=4096,
        help_text="Write-only: stored encrypted, never shown again. Leave blank to keep the current key.",
    )
    clear_key = forms.BooleanField(required=False, help_text="Remove the stored key (for servers that need none).")

    class Meta:
        model = Provider
        fields = ("name", "slug", "base_url", "default_model", "enabled")

    def clean_base_url(self):
        url = (self.cleaned_data.get("base_url") or "").strip()
        if self.instance.from_settings:
            return ""
        refusal = services.base_url_refusal(url)
        if refusal:
            raise ValidationError(f"This address is not allowed: {refusal}.")
        return url


class ProviderModelInline(admin.TabularInline):
    model = ProviderModel
    extra = 1
    fields = (
        "model",
        "label",
        "context_window",
        "input_per_million_usd",
        "output_per_million_usd",
        "tool_mode",
        "reasoning",
        "enabled",
    )


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    form = ProviderForm
    inlines = [ProviderModelInline]
    list_display = ("name", "slug", "endpoint", "key_state", "model_count", "enabled", "updated_at")
    list_filter = ("enabled",)
    search_fields = ("name", "slug", "base_url")
    actions = ["test_connection"]
    readonly_fields = ("endpoint", "key_state", "updated_at")

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.from_settings:
            return (
                (
                    None,
                    {
                        "fields": ("name", "slug", "endpoint", "default_model", "enabled", "updated_at"),
                        "description": "The provider of LLM_BASE_URL and LLM_API_KEY: its address and key "
                        "are set in the environment. List the models it serves below.",
                    },
                ),
            )
        return (
            (None, {"fields": ("name", "slug", "base_url", "default_model", "enabled")}),
            ("API key", {"fields": ("key_state", "api_key", "clear_key")}),
            ("History", {"fields": ("updated_at",)}),
        )

    @admin.display(description="base URL")
    def endpoint(self, obj: Provider) -> str:
        return f"{settings.LLM_BASE_URL} (LLM_BASE_URL)" if obj.from_settings else obj.base_url

    @admin.display(description="API key")
    def key_state(self, obj: Provider) -> str:
        if obj.from_settings:
            return "from LLM_API_KEY"
        return "set" if obj.key_is_set else "not set"

    @admin.display(description="models")
    def model_count(self, obj: Provider) -> int:
        return obj.models.count()

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.from_settings:
            return False
        return super().has_delete_permission(request, obj)

    # Writes go through the services: they validate, encrypt the key and invalidate every process's cache.
    def save_model(self, request, obj, form, change):
        services.provider_save(
            provider=obj,
            api_key=form.cleaned_data.get("api_key") or None,
            clear_key=bool(form.cleaned_data.get("clear_key")),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.providers_invalidate()

    def delete_model(self, request, obj):
        services.provider_delete(provider=obj)

    def delete_queryset(self, request, queryset):
        services.providers_delete(providers=queryset)

    @admin.action(description="Test connection (list the provider's models)")
    def test_connection(self, request, queryset):
        for provider in queryset:
            test = services.provider_test(provider=provider)
            if test.ok:
                shown = ", ".join(test.models[:20]) + (" …" if len(test.models) > 20 else "")
                self.message_user(request, f"{provider.name}: {test.message} {shown}", messages.SUCCESS)
            else:
                self.message_user(request, f"{provider.name}: {test.message}", messages.ERROR)
