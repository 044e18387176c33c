"""Sesotho: day, month, year, as in English. Month names come from Django's catalogue, which
has no Sesotho yet, so they stay in English until a translator supplies them."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
