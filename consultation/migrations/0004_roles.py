"""The two team roles as Wagtail groups. Administrators are superusers; stakeholder accounts
belong to no group and so never reach the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DRAFTERS = "Policy drafters"
MODERATORS = "Moderators"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "document", ["add", "change", "choose"]),
    ("wagtailimages", "image", ["add", "change", "choose"]),
]


def _create_missing_permissions(apps):
    # Permissions declared in Meta are otherwise only created after the last migration.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module


def create_roles(apps, schema_editor):
    _create_missing_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    access_admin = permission("wagtailadmin", "access_admin")

    drafters, _ = Group.objects.get_or_create(name=DRAFTERS)
    drafters.permissions.add(access_admin, permission("consultation", "review_feedback"))
    root_page = Page.objects.filter(depth=1).first()
    if root_page:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=drafters, page=root_page, permission=permission("wagtailcore", codename)
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection:
        for app_label, model, actions in COLLECTION_PERMISSIONS:
            for action in actions:
                GroupCollectionPermission.objects.get_or_create(
                    group=drafters,
                    collection=root_collection,
                    permission=permission(app_label, f"{action}_{model}"),
                )

    # Wagtail's first migration made a "Moderators" group that edits and publishes pages;
    # ours only moderates comments and submissions.
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    GroupPagePermission.objects.filter(group=moderators).delete()
    GroupCollectionPermission.objects.filter(group=moderators).delete()
    moderators.permissions.set([access_admin, permission("django_comments", "can_moderate")])


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=DRAFTERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0003_review"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
