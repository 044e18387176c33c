"""python manage.py import_draft FILE.docx --policy <id or URL path> [--label "Draft 4"]
[--user username]"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from ...lookup import policy_by_reference
from ...word_import import draft_import_docx


class Command(BaseCommand):
    help = (
        "Import a Word document (.docx) as a new unpublished draft of a policy: its Heading 1, "
        "2 and 3 become chapters, sections and sub-sections."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .docx file to import")
        parser.add_argument("--policy", required=True, help="Page id or URL path of the policy")
        parser.add_argument("--label", help="Version label of the new draft, e.g. 'Draft 4'")
        parser.add_argument("--user", help="Username recorded as the draft's owner")

    def handle(self, *args, **options):
        policy = policy_by_reference(options["policy"])
        if policy is None:
            raise CommandError(
                f"No policy found for {options['policy']!r}: give its page id or URL path."
            )
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        try:
            with open(options["file"], "rb") as file:
                report = draft_import_docx(
                    policy=policy, file=file, user=user, label=options["label"]
                )
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(report.as_text())
        self.stdout.write(
            f"Edit it at {reverse('wagtailadmin_pages:edit', args=[report.draft.pk])}"
        )
