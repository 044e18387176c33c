"""Uploaded attachments live outside MEDIA_ROOT's public URL space and are served only by a
view that checks permission."""

import errno
import os

from django.core.files.storage import FileSystemStorage, storages

# What a write says when the disk (or the user's quota on it) is full.
NO_SPACE_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


class StorageFullError(OSError):
    """A file could not be stored because its disk is full; nothing of it was kept."""


def private_storage():
    return storages["private"]


class PrivateFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that keeps nothing of a file it could not write to the end. Django's
    leaves the part written before the error (a full disk), under a name no row points to.
    A full disk raises StorageFullError."""

    def _save(self, name, content):
        try:
            return self._write_new_file(name, content)
        except StorageFullError:
            raise
        except OSError as error:
            if error.errno in NO_SPACE_ERRNOS:  # even the folder or the empty file
                raise StorageFullError(error.errno, error.strerror, name) from error
            raise

    def _write_new_file(self, name, content):
        while True:
            full_path = self.path(name)
            os.makedirs(os.path.dirname(full_path), exist_ok=True)
            try:
                # O_EXCL: the file is ours, so ours to remove if writing it fails.
                fd = os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                name = self.get_available_name(name)
                continue
            break
        try:
            with os.fdopen(fd, "wb") as file:
                for chunk in content.chunks():
                    file.write(chunk)
        except BaseException as error:
            os.unlink(full_path)
            if isinstance(error, OSError) and error.errno in NO_SPACE_ERRNOS:
                raise StorageFullError(error.errno, error.strerror, full_path) from error
            raise
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return str(name).replace("\\", "/")
