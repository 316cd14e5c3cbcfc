from django.db import migrations


def create(apps, schema_editor):
    Provider = apps.get_model("providers", "Provider")
    if not Provider.objects.filter(from_settings=True).exists():
        Provider.objects.create(name="Default", slug="default", from_settings=True)


def remove(apps, schema_editor):
    apps.get_model("providers", "Provider").objects.filter(from_settings=True).delete()


class Migration(migrations.Migration):
    """The provider of LLM_BASE_URL / LLM_API_KEY, shown among the others (its URL and key stay in the settings)."""

    dependencies = [("providers", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
