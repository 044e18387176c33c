"""A Wagtail locale for each content language (so drafters can translate a draft at once)
and the right to translate pages for the policy drafters."""

from importlib import import_module

from django.conf import settings
from django.db import migrations

roles = import_module("consultation.migrations.0004_roles")


def enable_translation(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    roles._create_missing_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    translate = Permission.objects.get(
        content_type__app_label="simple_translation", codename="submit_translation"
    )
    Group.objects.get(name=roles.DRAFTERS).permissions.add(translate)


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0006_feedback_language"),
        ("simple_translation", "0001_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(enable_translation, migrations.RunPython.noop)]
