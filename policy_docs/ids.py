"""Row ids typed by a visitor (a URL, a form field) or on the command line."""

import re

# ASCII digits that fit a 64-bit key: str.isdigit() also accepts "²" and other digits that
# neither int() nor the database takes, and a longer number overflows the database's column.
_ID = re.compile(r"[0-9]{1,18}")


def id_from(value) -> int | None:
    """The id that `value` names, or None if it cannot be one."""
    value = str(value)
    return int(value) if _ID.fullmatch(value) else None
