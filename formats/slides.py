"""Slides of a talk: what may be uploaded, where it is stored, how it is served.

Files live under MEDIA_ROOT, which no URL maps to: the only way to a file is
the session's slides view, which serves it as a download with a fixed content
type for its extension. Uploads are checked by extension, size and their first
bytes, so a renamed HTML or script file is refused. When slides are replaced or
cleared, or their session is deleted, django-cleanup removes the old file once the
change has committed.
"""

import secrets
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_BYTES = 25 * 1024 * 1024
# Extension → (content type, how such a file starts).
KINDS = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        b"PK\x03\x04",
    ),
    ".odp": ("application/vnd.oasis.opendocument.presentation", b"PK\x03\x04"),
}


def extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def content_type(name: str) -> str:
    return KINDS[extension(name)][0]


def upload_to(session, filename: str) -> str:
    """A fresh name per upload, so a replaced file never reaches anyone from a cache."""
    return f"formate/folien/{session.slug}-{secrets.token_hex(6)}{extension(filename)}"


def validate_slides(upload) -> None:
    suffix = extension(upload.name)
    if suffix not in KINDS:
        raise ValidationError("Bitte Folien als PDF, PowerPoint (.pptx) oder OpenDocument (.odp).")
    if upload.size > MAX_BYTES:
        raise ValidationError(
            f"Die Datei ist zu groß (höchstens {filesizeformat(MAX_BYTES)}). Bitte als PDF "
            "verkleinern."
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(KINDS[suffix][1]):
        raise ValidationError("Der Inhalt der Datei passt nicht zu ihrer Endung.")
