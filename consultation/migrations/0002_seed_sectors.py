from django.db import migrations

SECTORS = [
    "Government ministry or agency",
    "Parliament",
    "Local government",
    "Private sector or business",
    "Diaspora association",
    "Civil society or NGO",
    "Women's organisation",
    "Youth organisation",
    "Faith-based organisation",
    "Academia or research",
    "Development partner or UN agency",
    "Media",
    "Individual citizen",
]


def seed_sectors(apps, schema_editor):
    Sector = apps.get_model("consultation", "Sector")
    for position, name in enumerate(SECTORS):
        Sector.objects.get_or_create(name=name, defaults={"sort_order": position * 10})


class Migration(migrations.Migration):
    dependencies = [("consultation", "0001_initial")]

    operations = [migrations.RunPython(seed_sectors, migrations.RunPython.noop)]
