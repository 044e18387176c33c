from django.conf import settings
from django.core.management.base import BaseCommand

from consultation.demo import load_demo_feedback
from policy_docs.demo import load_demo
from policy_docs.demo_content import POLICY


class Command(BaseCommand):
    help = (
        "Load the demonstration National Diaspora Policy consultation with its feedback "
        "(idempotent) and print the URLs of its pages."
    )

    def handle(self, *args, **options):
        pages, created = load_demo(POLICY)
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        if created:
            self.stdout.write(self.style.SUCCESS("Demonstration content created:"))
        else:
            self.stdout.write("Demonstration content already present:")
        for page in pages:
            self.stdout.write(f"  {page.title}: {base_url}{page.url}")
        policy = pages[1]
        self.stdout.write(f"  Compare drafts: {base_url}{policy.url}compare/")
        self.stdout.write(f"  Adopted policy: {base_url}{policy.url}adopted/")
        feedback = load_demo_feedback(policy)
        if any(feedback.values()):
            self.stdout.write(
                f"Demo feedback: {feedback['comments']} comments, "
                f"{feedback['submissions']} written submissions"
            )
        else:
            self.stdout.write("Demo feedback already present.")
