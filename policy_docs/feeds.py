"""The Atom feed of a policy's drafts, for readers who follow the consultation in a feed
reader rather than by e-mail: an entry per draft that anyone may read, saying where its
consultation stands; an entry is updated when the draft opens, closes or is published again.
Drafts in preparation and drafts under a view restriction are left out (visibility.py)."""

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import visibility
from .enums import DraftStatus


class PolicyDraftsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, policy):
        return policy

    def title(self, policy):
        return _("%(policy)s: drafts") % {"policy": policy.title}

    def subtitle(self, policy):
        return policy.summary or None

    # Addresses from the site's configured hostname (Wagtail's Site), never from the
    # request's Host header nor Django's sites framework.
    def link(self, policy):
        return policy.get_full_url()

    def feed_url(self, policy):
        return policy.get_full_url() + "feed/"

    def items(self, policy):
        drafts = policy.drafts(request=None).exclude(status=DraftStatus.PREPARATION)
        return drafts.filter(visibility.visible_pages_q(None)).order_by("-path")

    def item_title(self, draft):
        return draft.title

    def item_description(self, draft):
        return draft.status_summary()

    def item_link(self, draft):
        return draft.get_full_url()

    def item_pubdate(self, draft):
        return draft.first_published_at

    def item_updateddate(self, draft):
        """The latest of its publication and of its window's opening and closing, once past."""
        now = timezone.now()
        moments = [draft.last_published_at or draft.first_published_at]
        moments += [
            moment for moment in (draft.opens_at, draft.closes_at) if moment and moment <= now
        ]
        return max(moment for moment in moments if moment)
