"""Spreadsheets that a spreadsheet program cannot turn against the person who opens them.

Every CSV and XLSX file the admin writes goes through Wagtail's SpreadsheetExportMixin: the
feedback inbox's export, and Wagtail's own reports (the site history's "Name" column holds
commenters' names and words, since a moderated comment is labelled by them). A commenter who
writes `=HYPERLINK("http://evil","click")` must find it shown as text, not run as a formula:

- CSV: a value that starts like a formula (=, +, -, @, a tab or a carriage return, after any
  spaces) gets a leading apostrophe, which Excel and LibreOffice take as "this is text" (the
  OWASP advice for CSV injection).
- XLSX: Wagtail already stores such a value as a string cell, never a formula; it is left as
  it was written.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

# The full-width forms are read as formulas by some spreadsheet programs' East Asian locales.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def spreadsheet_text(value):
    """`value` as a CSV cell that cannot be read as a formula."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_exports_neutralise_formulas() -> None:
    """Make every admin CSV export escape formulas (called once, from the app's ready())."""
    if getattr(SpreadsheetExportMixin, "neutralises_formulas", False):
        return
    prepare = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_field_value(self, field, value, export_format):
        value = prepare(self, field, value, export_format)
        return spreadsheet_text(value) if export_format == self.FORMAT_CSV else value

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.neutralises_formulas = True
