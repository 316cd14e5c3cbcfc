from django import forms
from django.contrib import admin, messages

from tools.http import services
from tools.models import HttpTool, HttpToolSecret


@admin.register(HttpTool)
class HttpToolAdmin(admin.ModelAdmin):
    list_display = ("name", "alias", "method", "host", "audience", "enabled", "updated_at")
    list_filter = ("enabled", "audience", "method")
    search_fields = ("name", "alias", "description", "url_template")
    readonly_fields = ("created_at", "updated_at")
    actions = ["enable", "disable"]
    fieldsets = (
        (None, {"fields": ("name", "alias", "description", "output_rules", "enabled", "audience")}),
        ("Request", {"fields": ("method", "url_template", "parameters", "headers", "query_params")}),
        ("Body", {"fields": ("body_mode", "body_template")}),
        ("Limits and retries", {"fields": ("timeout", "max_response_bytes", "idempotent")}),
        ("History", {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description="host")
    def host(self, obj: HttpTool) -> str:
        return obj.host

    # Writes go through the services: they invalidate every process's tool cache.
    def save_model(self, request, obj, form, change):
        services.http_tool_save(tool=obj)

    def delete_model(self, request, obj):
        services.http_tool_delete(tool=obj)

    def delete_queryset(self, request, queryset):
        services.http_tools_delete(tools=queryset)

    @admin.action(description="Enable selected tools")
    def enable(self, request, queryset):
        count = services.http_tools_set_enabled(tools=queryset, enabled=True)
        self.message_user(request, f"Enabled {count} tool(s).", messages.SUCCESS)

    @admin.action(description="Disable selected tools")
    def disable(self, request, queryset):
        count = services.http_tools_set_enabled(tools=queryset, enabled=False)
        self.message_user(request, f"Disabled {count} tool(s).", messages.SUCCESS)


class HttpToolSecretForm(forms.ModelForm):
    """The value is write-only: a password input that never renders what is stored."""

    value = forms.CharField(
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        required=False,
        strip=False,
        max_length=8192,
        help_text="Write-only. Leave blank to keep the current value.",
    )

    class Meta:
        model = HttpToolSecret
        fields = ("name", "description")

    def clean(self):
        cleaned = super().clean()
        if not self.instance.is_set and not cleaned.get("value"):
            self.add_error("value", "A new secret needs a value.")
        return cleaned


@admin.register(HttpToolSecret)
class HttpToolSecretAdmin(admin.ModelAdmin):
    form = HttpToolSecretForm
    list_display = ("name", "value_state", "description", "updated_at")
    search_fields = ("name", "description")
    readonly_fields = ("updated_at",)
    fields = ("name", "description", "value", "updated_at")

    @admin.display(description="value")
    def value_state(self, obj: HttpToolSecret) -> str:
        return "set" if obj.is_set else "not set"

    def save_model(self, request, obj, form, change):
        services.secret_save(secret=obj, value=form.cleaned_data.get("value") or None)

    def delete_model(self, request, obj):
        services.secret_delete(secret=obj)

    def delete_queryset(self, request, queryset):
        services.secrets_delete(secrets=queryset)
