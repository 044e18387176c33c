"""Uploaded attachments live outside MEDIA_ROOT's public URL space and are served only by a
view that checks permission."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
