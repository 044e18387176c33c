"""python manage.py export_policy --draft <id or URL path> --output FILE.docx
python manage.py export_policy --adopted <policy id or URL path> --output FILE.docx"""

from django.core.management.base import BaseCommand, CommandError

from ...lookup import draft_by_reference, policy_by_reference
from ...word_export import export_policy


class Command(BaseCommand):
    help = "Export a draft of a policy, or its adopted text, as a Word document."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--draft", help="Page id or URL path of the draft")
        which.add_argument(
            "--adopted", metavar="POLICY", help="Page id or URL path of a policy: its adopted text"
        )
        parser.add_argument("--output", required=True, help="The .docx file to write")
        parser.add_argument(
            "--no-introduction", action="store_true", help="Leave out the draft's introduction"
        )

    def handle(self, *args, **options):
        if not options["output"].lower().endswith(".docx"):
            raise CommandError("--output must name a .docx file.")
        if options["draft"]:
            draft = draft_by_reference(options["draft"])
            if draft is None:
                raise CommandError(
                    f"No draft found for {options['draft']!r}: give its page id or its URL "
                    "path, e.g. /national-diaspora-policy/draft-2/."
                )
        else:
            policy = policy_by_reference(options["adopted"])
            if policy is None:
                raise CommandError(
                    f"No policy found for {options['adopted']!r}: give its page id or its URL "
                    "path, e.g. /national-diaspora-policy/."
                )
            draft = policy.adopted_draft()
            if draft is None:
                raise CommandError(f"{policy.title} has no published adopted draft yet.")
        export_policy(
            draft=draft, output=options["output"], introduction=not options["no_introduction"]
        )
        self.stdout.write(
            f"Wrote {options['output']}: {draft.policy.title}, {draft.title} "
            f"({draft.sections.count()} sections)."
        )
