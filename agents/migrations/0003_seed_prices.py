from decimal import Decimal

from django.db import migrations

# Public list prices (USD per 1M input / output tokens) as published by the
# providers in 2025; operators keep them current in the admin.
PRICES = [
    ("gpt-4o-mini", "0.15", "0.60"),
    ("gpt-4o", "2.50", "10.00"),
    ("gpt-4.1", "2.00", "8.00"),
    ("gpt-4.1-mini", "0.40", "1.60"),
    ("gpt-4.1-nano", "0.10", "0.40"),
    ("o3-mini", "1.10", "4.40"),
    ("openai/gpt-4o-mini", "0.15", "0.60"),
    ("claude-3-5-sonnet*", "3.00", "15.00"),
    ("claude-3-5-haiku*", "0.80", "4.00"),
    ("deepseek-chat", "0.27", "1.10"),
    ("deepseek-reasoner", "0.55", "2.19"),
    ("deepseek/deepseek-r1", "0.55", "2.19"),
    ("scripted-demo", "0", "0"),
    ("no-tools-demo", "0", "0"),
]


def seed(apps, schema_editor):
    ModelPrice = apps.get_model("agents", "ModelPrice")
    for model, prompt, completion in PRICES:
        ModelPrice.objects.get_or_create(
            model=model,
            defaults={"input_per_million_usd": Decimal(prompt), "output_per_million_usd": Decimal(completion),
                      "note": "seeded list price"},
        )


def unseed(apps, schema_editor):
    apps.get_model("agents", "ModelPrice").objects.filter(note="seeded list price").delete()


class Migration(migrations.Migration):
    dependencies = [("agents", "0002_prices_budgets")]
    operations = [migrations.RunPython(seed, unseed)]
