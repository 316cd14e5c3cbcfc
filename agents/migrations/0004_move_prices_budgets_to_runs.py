# ModelPrice and UserBudget now belong to `runs` (see runs/migrations/0001_initial.py): state only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("agents", "0003_seed_prices"),
        ("runs", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ModelPrice"),
                migrations.DeleteModel(name="UserBudget"),
            ],
            database_operations=[],
        ),
    ]
