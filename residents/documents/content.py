"""What a stored file really is, judged by its bytes, never by its name or the browser's word."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

# kind → (MIME type, leading bytes, Pillow format name or None)
KINDS = {
    "pdf": ("application/pdf", (b"%PDF-",), None),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",), "JPEG"),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",), "PNG"),
}
IMAGES = ("jpeg", "png")


def sniff(data: bytes, allowed) -> str | None:
    """The MIME type of `data` when it is one of the `allowed` kinds and whole; else None.

    Images are decoded by Pillow, so a file that only starts like a picture (a renamed script,
    a truncated upload) is refused; a PDF must start and end like one.
    """
    for kind in allowed:
        mime, signatures, image_format = KINDS[kind]
        if not data.startswith(signatures):
            continue
        if image_format is None:
            return mime if b"%%EOF" in data[-1024:] else None
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format != image_format:
                    return None
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return None
        return mime
    return None
