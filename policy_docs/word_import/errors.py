"""The refusal of a file that cannot be imported."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class WordImportError(ValidationError):
    """A file that cannot be imported, with one sentence saying why and what to do."""

    def __init__(self, message):
        super().__init__(message, code="invalid_docx")


def damaged() -> WordImportError:
    return WordImportError(
        _(
            "The file is damaged or incomplete. Open it in Word, save it again as a Word "
            "document (.docx) and upload the new file."
        )
    )
