"""Indexing many objects in one write, for changes that Wagtail's per-object signals would
write one by one (a draft's sections when it is published, a campaign's members)."""

import logging

from modelsearch.backends import get_search_backends_with_name

logger = logging.getLogger(__name__)


def index_objects(model, objects):
    """Add or update ``objects`` (of ``model``) in every auto-updating search backend, with
    modelsearch's error policy: a backend that catches indexing errors logs them, the others
    (the database backends) raise."""
    objects = list(objects)
    if not objects:
        return
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(model, objects)
        except Exception:
            logger.exception(
                "Exception raised while indexing %d %s in %r", len(objects), model, name
            )
            if not backend.catch_indexing_errors:
                raise
