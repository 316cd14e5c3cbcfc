"""Usernames are unique by one normalisation (NFKC + casefold), the same on SQLite and PostgreSQL."""

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    from accounts.usernames import username_key

    User = apps.get_model("accounts", "User")
    seen: dict[str, str] = {}
    for user in User.objects.only("id", "username").iterator():
        key = username_key(user.username)
        if key in seen:
            raise RuntimeError(
                f"usernames {seen[key]!r} and {user.username!r} are the same account name once normalised; "
                "rename one before migrating"
            )
        seen[key] = user.username
        User.objects.filter(pk=user.pk).update(username_key=key)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="username_key",
            field=models.CharField(editable=False, max_length=600, null=True),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="username_key",
            field=models.CharField(editable=False, max_length=600, unique=True),
        ),
        migrations.RemoveConstraint(model_name="user", name="accounts_user_username_ci_unique"),
    ]
