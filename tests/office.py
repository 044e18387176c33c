"""LibreOffice for the tests that check a Word file converts: skipped without it on a
developer's machine, a failure in CI (which installs it)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def convert_to_pdf(docx: Path) -> Path:
    """Convert `docx` with LibreOffice (Debian's libreoffice-writer-nogui) into a PDF beside
    it, failing the test if LibreOffice cannot."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        message = "LibreOffice not found: install Debian's libreoffice-writer-nogui."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    subprocess.run(  # noqa: S603
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(docx.parent)},  # its profile, away from the user's
    )
    pdf = docx.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    return pdf
