"""What the spine keeps in the relational database: list prices and budgets.

Both moved here from ``agents`` (their tables keep their names); usage and
budgets apply to every kind of run.
"""

from django.db import models


class ModelPrice(models.Model):
    """Public list prices per million tokens; turn usage into cost. Editable in the admin."""

    model = models.CharField(
        max_length=200, unique=True, help_text="The model id as the LLM server reports it, or a prefix ending in *."
    )
    input_per_million_usd = models.DecimalField(max_digits=12, decimal_places=6)
    output_per_million_usd = models.DecimalField(max_digits=12, decimal_places=6)
    note = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "agents_modelprice"
        ordering = ["model"]

    def __str__(self) -> str:
        return f"{self.model}: ${self.input_per_million_usd}/${self.output_per_million_usd} per 1M"


class UserBudget(models.Model):
    """A person's monthly allowance; unset limits are unlimited."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="budget")
    monthly_tokens = models.PositiveBigIntegerField(null=True, blank=True)
    monthly_cost_usd = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "agents_userbudget"

    def __str__(self) -> str:
        return f"budget of {self.user}"
