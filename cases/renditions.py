"""Image renditions: several widths in JPEG and WebP, upright, in sRGB, with no metadata at all.

`render_widths` is a pure function (bytes in, bytes out) so the benchmark and the worker share it.
"""

import io
import math
from collections.abc import Iterable
from typing import BinaryIO

from PIL import Image, ImageCms, ImageOps

_SRGB = ImageCms.createProfile("sRGB")
JPEG_QUALITY = 82
WEBP_QUALITY = 78
# WebP "method" trades encoder effort for size; 4 is libwebp's default, 2 is much faster for
# photographs and barely larger.
WEBP_METHOD = 2

_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", image.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: keep the pixels as they are
    return image if image.mode == "RGB" else image.convert("RGB")


def open_upright(source: BinaryIO, max_width: int | None = None) -> tuple[Image.Image, tuple[int, int]]:
    """Decode `source` upright in sRGB; return it with the full upright size of the original.

    With `max_width`, decode no more pixels than needed: JPEG "draft" mode lets libjpeg scale by
    1/2, 1/4 or 1/8 while decoding, which is most of the speed (a 12 MP photo for a 1600 px
    rendition is decoded at 3 MP).
    """
    image = Image.open(source)
    width, height = image.size
    rotated = image.getexif().get(0x0112, 1) in _ROTATED
    upright_size = (height, width) if rotated else (width, height)
    if max_width and image.format in ("JPEG", "MPO") and upright_size[0] > max_width:
        scale = max_width / upright_size[0]
        image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
    image = _to_srgb(ImageOps.exif_transpose(image))
    # A fresh image carries no info dict: no EXIF, XMP, ICC, comments or thumbnails survive.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean, upright_size


def render_widths(source: BinaryIO, widths: Iterable[int]) -> tuple[tuple[int, int], dict[int, dict[str, bytes]]]:
    """Return the upright original size and {width: {"jpeg": bytes, "webp": bytes}}.

    Widths larger than the picture are replaced by its own width (never upscaled).
    """
    wanted = sorted(set(widths), reverse=True)
    current, original = open_upright(source, max_width=wanted[0])
    output: dict[int, dict[str, bytes]] = {}
    for width in wanted:
        target = min(width, original[0])
        if target in output:
            continue
        if current.width != target:
            height = max(1, round(current.height * target / current.width))
            current = current.resize((target, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        output[target] = {"jpeg": _encode(current, "JPEG"), "webp": _encode(current, "WEBP")}
    return original, output


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=False)
    else:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return buffer.getvalue()
