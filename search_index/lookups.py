"""A queryset narrowed to a long list of primary keys (the matches of a search) in one query."""

from django.db import connections
from django.db.models import F, Lookup


class EqualsAny(Lookup):
    """``column = ANY(%s)`` with the values as one array parameter (PostgreSQL): matched with
    a hash, as a long IN list is, without a parameter per value. (``IN (SELECT unnest(%s))``
    was planned as ten rows and took seconds beside joins; a long ``IN (%s, %s, …)`` list
    costs its parsing and planning, 0.3 s for 30,000 values.)"""

    lookup_name = "equals_any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, self.rhs]


def with_pk_among(queryset, pks):
    """``queryset.filter(pk__in=pks)``, as one array parameter on PostgreSQL."""
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(EqualsAny(F("pk"), list(pks)))
    return queryset.filter(pk__in=pks)
