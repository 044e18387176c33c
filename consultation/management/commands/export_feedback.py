"""python manage.py export_feedback --draft <id or URL path> --output FILE.docx [--public]
[--gender G] [--sector NAME] [--country CC]"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from policy_docs.lookup import draft_by_reference

from ...enums import Gender
from ...exports.word import export_feedback
from ...models import Sector
from ...review.filters import FeedbackSelection
from ...review.publication import responses_published


class Command(BaseCommand):
    help = "Export the consolidated feedback on a draft as a Word comment-response matrix."

    def add_arguments(self, parser):
        parser.add_argument("--draft", required=True, help="Page id or URL path of the draft")
        parser.add_argument("--output", required=True, help="The .docx file to write")
        parser.add_argument(
            "--public", action="store_true", help="Public variant: no personal details"
        )
        parser.add_argument("--gender", choices=Gender.values)
        parser.add_argument("--sector", help="Sector name, e.g. 'Diaspora association'")
        parser.add_argument("--country", help="Two-letter country code, e.g. ZA")

    def handle(self, *args, **options):
        if not options["output"].lower().endswith(".docx"):
            raise CommandError("--output must name a .docx file.")
        draft = draft_by_reference(options["draft"])
        if draft is None:
            raise CommandError(
                f"No draft found for {options['draft']!r}: give its page id or URL path."
            )
        sector = None
        if options["sector"]:
            sector = Sector.objects.filter(name__iexact=options["sector"]).first()
            if sector is None:
                raise CommandError(f"No sector named {options['sector']!r}.")
        filters = FeedbackSelection(
            {
                "gender": options["gender"],
                "sector": sector and sector.pk,
                "country": (options["country"] or "").upper(),
            }
        )
        if not (errors := filters.errors()) and options["public"]:
            errors = filters.public_errors(responses_public=responses_published(draft))
        if errors:
            raise CommandError(" ".join(errors))
        with tqdm(
            total=draft.sections.count(), desc="Sections", unit="section", file=self.stderr
        ) as bar:
            summary = export_feedback(
                draft=draft,
                output=options["output"],
                public=options["public"],
                filters=filters,
                progress=bar.update,
            )
        self.stdout.write(
            f"Wrote {options['output']}: {summary.comments} comments in {summary.sections} "
            f"sections and {summary.submissions} written submissions "
            f"({'public' if options['public'] else 'internal'} variant)."
        )
