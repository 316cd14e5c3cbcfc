"""Prices and budgets in the admin."""

from django.contrib import admin

from runs.models import ModelPrice, UserBudget


@admin.register(ModelPrice)
class ModelPriceAdmin(admin.ModelAdmin):
    list_display = ("model", "input_per_million_usd", "output_per_million_usd", "note", "updated_at")
    search_fields = ("model",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from runs.usage import prices

        prices.clear()


@admin.register(UserBudget)
class UserBudgetAdmin(admin.ModelAdmin):
    list_display = ("user", "monthly_tokens", "monthly_cost_usd", "updated_at")
    search_fields = ("user__username",)
    autocomplete_fields = ("user",)
