# ModelPrice and UserBudget move here from `agents`: state only, the tables keep their names.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("agents", "0003_seed_prices"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ModelPrice",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("model", models.CharField(help_text="The model id as the LLM server reports it, or a prefix ending in *.", max_length=200, unique=True)),
                        ("input_per_million_usd", models.DecimalField(decimal_places=6, max_digits=12)),
                        ("output_per_million_usd", models.DecimalField(decimal_places=6, max_digits=12)),
                        ("note", models.CharField(blank=True, max_length=200)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={"ordering": ["model"], "db_table": "agents_modelprice"},
                ),
                migrations.CreateModel(
                    name="UserBudget",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("monthly_tokens", models.PositiveBigIntegerField(blank=True, null=True)),
                        ("monthly_cost_usd", models.DecimalField(blank=True, decimal_places=4, max_digits=12, null=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="budget", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "agents_userbudget"},
                ),
            ],
            database_operations=[],
        ),
    ]
