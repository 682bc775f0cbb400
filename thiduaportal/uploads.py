"""The checks every uploaded file goes through, wherever it is attached (ideas, nominations), and
the response that hands a stored file back.

A file is accepted by its content (magic bytes, then the inside of an Office or OpenDocument
container), never by its name or the type the browser claims; its size is limited; its original
name is kept only for display (NFC, no path, no control or bidi characters) and never used on disk.
"""

import unicodedata
import zipfile

import filetype
from django import forms
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Detected type → (extension, what a zip container must hold, or None for non-zip types).
ALLOWED_TYPES = {
    "application/pdf": ("pdf", None),
    "image/png": ("png", None),
    "image/jpeg": ("jpg", None),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", "word/document.xml"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx", "xl/workbook.xml"),
    "application/vnd.oasis.opendocument.text": ("odt", "content.xml"),
}
ACCEPT = ".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg"


def detect_type(upload) -> str | None:
    """The allowed type of an upload by its content (magic bytes, then the zip's inside), or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        return None
    member = ALLOWED_TYPES[kind.mime][1]
    if member:
        try:
            with zipfile.ZipFile(upload) as archive:
                if member not in archive.namelist():
                    return None
        except (zipfile.BadZipFile, OSError, EOFError):
            return None
        finally:
            upload.seek(0)
    return kind.mime


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def check_uploads(files, *, existing: int, maximum: int, too_many) -> list[tuple]:
    """Count, size and type checks, with messages that say what to do. `too_many` is the message
    (with %(max)d and %(n)d) for more than `maximum` files in all. Returns (file, type) pairs."""
    if existing + len(files) > maximum:
        raise forms.ValidationError(too_many, params={"max": maximum, "n": existing})
    checked = []
    for upload in files:
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("“%(name)s” is larger than 10 MB. Please upload a smaller file."),
                params={"name": upload.name},
            )
        mime = detect_type(upload)
        if mime is None:
            raise forms.ValidationError(
                _("“%(name)s” is not a PDF, DOCX, XLSX, ODT, PNG or JPG file."), params={"name": upload.name}
            )
        checked.append((upload, mime))
    return checked


_BIDI = dict.fromkeys(
    [0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)],
)


def clean_file_name(name: str) -> str:
    """NFC, no path, no control or bidi characters (a "gpj.exe" trick), at most 200 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = name.translate(_BIDI)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:200] or "file"


def stored_file_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download of the type chosen at upload (never sniffed, never cached).
    The caller has checked that the person may see the object the file belongs to."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
