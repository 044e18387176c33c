from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class SectorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Sector(models.Model):
    """Who a commenter speaks for (ministry, diaspora association, ...). Administrators manage
    the list as a snippet; a sector in use is retired, not deleted."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order in lists"), default=0)
    is_active = models.BooleanField(_("offered in forms"), default=True)

    objects = SectorQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("sort_order"), FieldPanel("is_active")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("sector")

    def __str__(self):
        return self.name
