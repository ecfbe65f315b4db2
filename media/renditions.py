"""Image renditions: several widths in JPEG and WebP, upright, in sRGB, with no metadata at all.

`render_widths` is a pure function (bytes in, bytes out) so the benchmark and the worker share it;
`make_renditions` is the worker's job for any model with `media.models.HasRenditions`.

Speed (see bench/renditions.py): a 12 MP photo is decoded once, at the smallest JPEG "draft"
scale that still covers the largest width, and shrunk to that width *before* it is rotated and
colour-converted, so those two steps touch a 3 MP picture instead of a 12 MP one; each smaller
width is then made from the one above it.
"""

import functools
import io
import logging
import math
from collections.abc import Iterable
from datetime import timedelta
from typing import BinaryIO, cast

from celery import Task
from django.conf import settings
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from PIL import Image, ImageChops, ImageCms

from tipportal.caching import invalidate_public_pages
from tipportal.queueing import send_task_now

from .models import HasRenditions
from .storage import replace_file

logger = logging.getLogger(__name__)

EXTENSIONS = {"jpeg": "jpg", "webp": "webp"}

_SRGB = ImageCms.createProfile("sRGB")
JPEG_QUALITY = 82
WEBP_QUALITY = 78
# WebP "method" trades encoder effort for size. On photographs 1 is the fastest (faster than 0 and
# 2) for the same size and PSNR; 4, libwebp's default, costs 3.5x as much for files 7% smaller.
WEBP_METHOD = 1
# Baseline JPEG: progressive costs five times the encoding time for files 3% smaller, and every
# browser that would show the JPEG progressively is served the WebP instead; the JPEG is the
# fallback for old browsers and for link previews (og:image).
JPEG_PROGRESSIVE = False
# Lanczos for the smaller steps; for the first, large step from the decoded photo (most of the
# resampling work) bicubic is a third cheaper and indistinguishable at a downscale of 2 or less.
_FIRST_STEP_FILTER = Image.Resampling.BICUBIC
_STEP_FILTER = Image.Resampling.LANCZOS

_ORIENTATION = 0x0112
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Modes that resample correctly as they are; others (palette, 1-bit, 16-bit) are converted first.
_RESAMPLABLE = {"RGB", "RGBA", "L", "CMYK"}


def _decode(source: BinaryIO, max_width: int | None) -> tuple[Image.Image, int, bytes | None, tuple[int, int]]:
    """Open `source` as stored (not yet rotated); return it, its EXIF orientation, its ICC profile
    and its upright size at full resolution."""
    image: Image.Image = Image.open(source)
    width, height = image.size
    orientation = image.getexif().get(_ORIENTATION, 1)
    if orientation not in _TRANSPOSE:
        orientation = 1
    upright_size = (height, width) if orientation in _ROTATED else (width, height)
    if max_width and image.format in ("JPEG", "MPO") and upright_size[0] > max_width:
        # libjpeg scales by 1/2, 1/4 or 1/8 while decoding: far fewer pixels to decode and resize.
        scale = max_width / upright_size[0]
        image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
    icc = image.info.get("icc_profile")
    image.load()
    if image.mode not in _RESAMPLABLE:
        has_alpha = image.mode in ("LA", "PA", "RGBa", "La") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    return image, orientation, icc, upright_size


@functools.lru_cache(maxsize=64)
def _to_srgb(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """The transform from this embedded profile to sRGB, or None when there is nothing to do:
    the profile is unreadable, or it is sRGB already (most cameras and phones), which is found by
    converting a grid of 4,096 colours and seeing none move by more than one level. Cached, as a
    worker meets the same few profiles again and again; built without lcms's one-pixel cache so it
    may be shared between threads."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        transform = ImageCms.buildTransform(source, _SRGB, mode, "RGB", flags=ImageCms.Flags.NOCACHE)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return None
    if mode != "RGB":
        return transform
    levels = range(0, 256, 17)
    grid = Image.new("RGB", (4096, 1))
    grid.putdata([(red, green, blue) for red in levels for green in levels for blue in levels])
    # One (low, high) pair per band of an RGB image.
    moved = cast(tuple[tuple[int, int], ...], ImageChops.difference(grid, transform.apply(grid)).getextrema())
    return None if all(high <= 1 for _low, high in moved) else transform


def _finish(image: Image.Image, orientation: int, icc: bytes | None) -> Image.Image:
    """Rotate upright, convert to sRGB and copy into a fresh image that carries no metadata."""
    if orientation != 1:
        image = image.transpose(_TRANSPOSE[orientation])
    if image.mode == "RGBA":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    converted = None
    transform = _to_srgb(icc, image.mode) if icc else None
    if transform is not None:
        converted = transform.apply(image)
    if converted is None:
        converted = image if image.mode == "RGB" else image.convert("RGB")
    # A fresh image carries no info dict: no EXIF, XMP, ICC, comments or thumbnails survive.
    clean = Image.new("RGB", converted.size)
    clean.paste(converted)
    return clean


def open_upright(source: BinaryIO, max_width: int | None = None) -> tuple[Image.Image, tuple[int, int]]:
    """Decode `source` upright in sRGB; return it with the full upright size of the original.

    With `max_width`, decode no more pixels than needed: JPEG "draft" mode lets libjpeg scale by
    1/2, 1/4 or 1/8 while decoding, so the picture returned may be smaller than the original but
    is never narrower than `max_width` (unless the original is).
    """
    image, orientation, icc, upright_size = _decode(source, max_width)
    return _finish(image, orientation, icc), upright_size


def _shrink(image: Image.Image, size: tuple[int, int], *, rotated: bool, resample: Image.Resampling) -> Image.Image:
    """Resize to the upright `size` (`rotated`: the picture is still on its side, so swap)."""
    stored_size = (size[1], size[0]) if rotated else size
    if image.size == stored_size:
        return image
    return image.resize(stored_size, resample, reducing_gap=3.0)


def render_widths(source: BinaryIO, widths: Iterable[int]) -> tuple[tuple[int, int], dict[int, dict[str, bytes]]]:
    """Return the upright original size and {width: {"jpeg": bytes, "webp": bytes}}.

    Widths larger than the picture are replaced by its own width (never upscaled).
    """
    wanted = sorted(set(widths), reverse=True)
    stored, orientation, icc, original = _decode(source, max_width=wanted[0])

    def upright_size(width: int) -> tuple[int, int]:
        # From the original's proportions, so rounding does not accumulate from step to step.
        width = min(width, original[0])
        return width, max(1, round(original[1] * width / original[0]))

    stored = _shrink(stored, upright_size(wanted[0]), rotated=orientation in _ROTATED, resample=_FIRST_STEP_FILTER)
    current = _finish(stored, orientation, icc)
    output: dict[int, dict[str, bytes]] = {}
    for width in wanted:
        size = upright_size(width)
        if size[0] in output:
            continue
        current = _shrink(current, size, rotated=False, resample=_STEP_FILTER)
        output[size[0]] = {"jpeg": _encode(current, "JPEG"), "webp": _encode(current, "WEBP")}
    return original, output


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, progressive=JPEG_PROGRESSIVE, optimize=False)
    else:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return buffer.getvalue()


class UnreadableImage(Exception):
    """The original cannot be opened or decoded: its renditions can never be made."""


def store_renditions(source: FieldFile, prefix: str) -> tuple[tuple[int, int], dict[str, dict[str, str]]]:
    """Render `source` at each of RENDITION_WIDTHS and store the files as `<prefix>/<width>.<ext>`,
    replacing any there before, so running it again is harmless. Returns the original's size and
    the `renditions` map that `HasRenditions` reads. Raises UnreadableImage for a bad original;
    a storage error propagates, so the task retries it."""
    try:
        with source.open("rb") as opened:
            size, images = render_widths(cast(BinaryIO, opened), settings.RENDITION_WIDTHS)
    except (OSError, ValueError, SyntaxError) as error:
        raise UnreadableImage(str(error)) from error
    renditions = {
        str(width): {fmt: replace_file(f"{prefix}/{width}.{EXTENSIONS[fmt]}", data) for fmt, data in formats.items()}
        for width, formats in images.items()
    }
    return size, renditions


def requeue_pending_renditions(pending: QuerySet, task: Task) -> int:
    """Queue `task` again for the objects in `pending` (their task never reached the broker)."""
    ids = list(pending.values_list("pk", flat=True)[:500])
    for pk in ids:
        send_task_now(task, pk)
    return len(ids)


def requeue_stale_renditions(model: type[HasRenditions], task: Task, *, since: str, older_than_minutes: int) -> int:
    """Queue `task` again for `model`'s images still pending `older_than_minutes` after the time
    in the field `since` (the broker was down when they were saved)."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    pending = model._default_manager.filter(renditions_status=model.Renditions.PENDING, **{f"{since}__lt": cutoff})
    return requeue_pending_renditions(pending, task)


def make_renditions(model: type[HasRenditions], pk: int, prefix: str) -> None:
    """Make (or remake) every rendition of one object's `image` (a case still, a community post).
    Safe to run any number of times."""
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None or not obj.image:
        return
    try:
        (width, height), renditions = store_renditions(obj.image, f"{prefix}/{pk}")
    except UnreadableImage:
        logger.exception("renditions failed for %s %s", model._meta.label, pk)
        model._default_manager.filter(pk=pk).update(renditions_status=model.Renditions.FAILED)
        return
    model._default_manager.filter(pk=pk).update(
        width=width, height=height, renditions=renditions, renditions_status=model.Renditions.READY
    )
    invalidate_public_pages()
