"""The site that test_backups.py backs up and restores, in a process of its own whose database
and folders come from the environment (DATABASE_URL, MEDIA_ROOT, PRIVATE_MEDIA_ROOT):

    python -m tests.consultation.backup_site create|damage|lineo_comments|snapshot FILE.json

`create` (which migrates first), `damage` and `lineo_comments` change the site; each action then
writes what the site holds to FILE."""

import json
import os
import sys
from pathlib import Path

import django

# Every byte value, to see that files come back byte for byte.
BINARY = bytes(range(256)) * 8


def create() -> None:
    """Migrate an empty database, then add a policy with an open draft, sections, comments, a
    written submission with a private attachment, a document in the public media folder and a
    staff account."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from wagtail.documents import get_document_model
    from wagtail.models import Page, Site

    from tests.consultation.factories import SectionCommentFactory, WrittenSubmissionFactory
    from tests.policy_docs.factories import (
        DraftPageFactory,
        HomePageFactory,
        PolicyPageFactory,
        section,
    )

    call_command("migrate", interactive=False, verbosity=0)
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    policy = PolicyPageFactory(parent=home, title="National Diaspora Policy", slug="diaspora")
    draft = DraftPageFactory(
        parent=policy,
        title="Draft 2",
        slug="draft-2",
        open_for_comments=True,
        sections=[
            section("Introduction", level=1, key="intro"),
            section("Dual citizenship", key="dual", text="Basotho may hold two nationalities."),
            section("Remittances", key="remittances"),
        ],
    )
    SectionCommentFactory(
        section=draft.sections.get(key="dual"),
        comment="Name the children born abroad.",
        user_name="Palesa Mokoena",
        user_email="palesa@example.org",
    )
    SectionCommentFactory(
        section=draft.sections.get(key="remittances"), comment="Fees are too high."
    )
    WrittenSubmissionFactory(
        draft=draft,
        text="The association's letter is attached.",
        attachment=ContentFile(b"%PDF-1.7\n" + BINARY, name="letter.pdf"),
    )
    get_document_model().objects.create(title="Annex", file=ContentFile(BINARY, name="annex.bin"))
    get_user_model().objects.create_user("drafter", "drafter@example.org", "a-password")


def damage() -> None:
    """What a restore must undo: rows deleted, changed and added, files deleted, overwritten
    and added."""
    from django.conf import settings
    from wagtail.documents import get_document_model

    from consultation.models import SectionComment, WrittenSubmission
    from policy_docs.models import DraftSection

    SectionComment.objects.filter(comment="Fees are too high.").delete()
    SectionComment.objects.update(comment="Changed after the backup.")
    DraftSection.objects.filter(key="dual").update(heading="Single citizenship")
    for submission in WrittenSubmission.objects.all():
        submission.attachment.delete(save=False)
        submission.delete()
    document = get_document_model().objects.get()
    Path(document.file.path).write_bytes(b"overwritten")
    (settings.MEDIA_ROOT / "stray.txt").write_text("Not in the backup.")
    get_document_model().objects.create(title="Later", file=document.file.name)


def lineo_comments() -> None:
    """Lineo comments on the open draft (again, after an erasure: he came back)."""
    from consultation.models import SectionComment
    from policy_docs.models import DraftSection
    from tests.consultation.factories import SectionCommentFactory

    count = SectionComment.objects.filter(comment__startswith="Lineo's comment").count()
    SectionCommentFactory(
        section=DraftSection.objects.get(key="remittances"),
        comment=f"Lineo's comment number {count + 1}.",
        user_name="Lineo Ramone",
        user_email="lineo@example.org",
    )


def snapshot() -> dict:
    """The rows a restore must bring back, in a form that compares as JSON."""
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.models import Page, Revision

    from consultation.models import SectionComment, WrittenSubmission
    from policy_docs.models import DraftPage, DraftSection

    models = [
        Page,
        Revision,
        DraftPage,
        DraftSection,
        SectionComment,
        WrittenSubmission,
        get_document_model(),
        get_user_model(),
    ]
    return {
        "counts": {model.__name__: model.objects.count() for model in models},
        "sections": [
            [s.pk, s.page_id, s.key, s.heading, s.number, s.body.get_prep_value()]
            for s in DraftSection.objects.order_by("pk")
        ],
        "comments": list(
            SectionComment.objects.order_by("pk").values_list(
                "pk", "object_pk", "comment", "user_name", "user_email", "is_public"
            )
        ),
        "submissions": list(
            WrittenSubmission.objects.order_by("pk").values_list(
                "pk", "draft_id", "name", "email", "text", "attachment"
            )
        ),
        "documents": list(
            get_document_model().objects.order_by("pk").values_list("pk", "title", "file")
        ),
        "users": list(get_user_model().objects.order_by("pk").values_list("username", "email")),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consultation.settings.dev")
    django.setup()
    action, output = sys.argv[1:]
    actions = {"create": create, "damage": damage, "lineo_comments": lineo_comments}
    actions.get(action, lambda: None)()
    with open(output, "w", encoding="utf-8") as file:
        json.dump(snapshot(), file, default=str)
