"""Make tip attachments safe to keep: images decoded and re-encoded (upright, sRGB, no metadata of
any kind), videos remuxed without metadata, chapters, subtitles or data streams.

Nothing here writes outside the caller's working directory, which the caller always removes; the
result is returned as bytes to be encrypted before it reaches storage. A file that cannot be made
clean is refused with a ValidationError, never kept as it came.
"""

import io
import os
import re
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from media.renditions import open_upright
from media.uploads import check_size, inspect_image, probe_video
from media.video import ffmpeg_binary

from .jpeg_quality import estimate_quality

# A phone's MPO photo passes as JPEG (media.uploads.FORMAT_ALIASES); open_upright keeps its first
# picture only, so the depth map or second view, with its own EXIF, is dropped with the metadata.
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "HEIF": "HEIC"}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"}
VIDEO_EXTENSIONS = {".mp4", ".m4v", ".mov", ".webm"}
ACCEPT = ",".join(sorted(IMAGE_EXTENSIONS | VIDEO_EXTENSIONS))
JPEG_QUALITY = 90  # the most a clean photo is saved at; a JPEG is kept at its own quality if lower
# A JPEG that comes out larger than its upload is saved again this much lower, down to the floor.
JPEG_QUALITY_STEP = 5
JPEG_QUALITY_FLOOR = 50

# Encoders and phones write free-form SEI messages (x264 its build and options, some cameras
# their serial or GPS) that `-c copy` would carry over. filter_units drops those NAL units: SEI is
# type 6 in H.264 and types 39/40 (prefix/suffix) in HEVC. Other codecs are copied as they are.
# ffmpeg 5.1 leaves an SEI stored in an HEVC track's hvcC header in place; in-band ones go.
SEI_FILTERS = {
    "h264": "filter_units=remove_types=6",
    "hevc": "filter_units=remove_types=39|40",
}
_VIDEO_STREAM = re.compile(r"^\s*Stream #0:\d+.*?: Video: (\w+)", re.MULTILINE)


@dataclass(frozen=True)
class CleanFile:
    kind: str  # "image" or "video"
    content_type: str
    data: bytes


def sanitise(upload: UploadedFile, workdir: str | os.PathLike) -> CleanFile:
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension in IMAGE_EXTENSIONS:
        return sanitise_image(upload)
    if extension in VIDEO_EXTENSIONS:
        return sanitise_video(upload, workdir, extension)
    raise ValidationError(
        _("This file type is not accepted. Send photos as JPEG, PNG, WebP or HEIC, and videos as MP4, MOV or WebM."),
        code="wrong_type",
    )


def sanitise_image(upload: UploadedFile) -> CleanFile:
    check_size(upload, settings.TIP_MAX_IMAGE_MB)
    inspect_image(upload, IMAGE_FORMATS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image, _size = open_upright(upload)
            data = _encode_jpeg(image, upload)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This photo could not be cleaned of hidden details, so it was not accepted. Try another copy."),
            code="unsanitisable",
        ) from None
    finally:
        upload.seek(0)
    return CleanFile(kind="image", content_type="image/jpeg", data=data)


def _encode_jpeg(image: Image.Image, upload: UploadedFile) -> bytes:
    """The clean picture as a JPEG. A JPEG upload is saved at the quality its quantisation tables
    show (at most JPEG_QUALITY), progressive if it was, and no larger than it came: when it does
    not fit, at lower qualities down to JPEG_QUALITY_FLOOR, keeping the smallest if none fits.
    Other formats (PNG, WebP, HEIC) have no quality to follow and are saved at JPEG_QUALITY."""
    upload.seek(0)
    with Image.open(upload) as original:
        if original.format not in ("JPEG", "MPO"):
            return _jpeg(image, JPEG_QUALITY)
        quality = estimate_quality(original.quantization) or JPEG_QUALITY
        # Progressive saves 5% over baseline for 2.5 times the encoding time: worth it only to
        # stay within the size of a photo that was progressive (as many shared by apps are).
        progressive = bool(original.info.get("progressive"))
    smallest = b""
    for step in range(min(quality, JPEG_QUALITY), JPEG_QUALITY_FLOOR - 1, -JPEG_QUALITY_STEP) or [quality]:
        data = _jpeg(image, step, progressive=progressive)
        if len(data) <= upload.size:
            return data
        if not smallest or len(data) < len(smallest):
            smallest = data
    return smallest


def _jpeg(image: Image.Image, quality: int, *, progressive: bool = False) -> bytes:
    buffer = io.BytesIO()
    # A new image from open_upright has an empty info dict, so nothing but pixels is written.
    # Optimised Huffman tables: 3-27% smaller than the standard ones, for 2-4 times the encoding
    # time (bench/tips.py measures it).
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=progressive)
    return buffer.getvalue()


def sanitise_video(upload: UploadedFile, workdir: str | os.PathLike, extension: str) -> CleanFile:
    check_size(upload, settings.TIP_MAX_VIDEO_MB)
    work = Path(workdir)
    source = work / f"in-{os.urandom(6).hex()}{extension}"
    with source.open("wb") as handle:
        upload.seek(0)
        for chunk in upload.chunks():
            handle.write(chunk)
    try:
        try:
            probe_video(str(source))
        except ValidationError:
            raise ValidationError(
                _("This file is not a video we can play. Send an MP4, MOV or WebM video."), code="not_a_video"
            ) from None
        bitstream_filter = SEI_FILTERS.get(_video_codec(source))
        webm = extension == ".webm"
        target = work / f"out-{os.urandom(6).hex()}{'.webm' if webm else '.mp4'}"
        command = [
            ffmpeg_binary(), "-nostdin", "-v", "error", "-i", str(source),
            # V, not v: one real video track; cover art (an attached JPEG with its own EXIF) is left.
            "-map", "0:V:0", "-map", "0:a?", "-map_metadata", "-1", "-map_metadata:s", "-1", "-map_chapters", "-1",
            "-dn", "-sn", "-c", "copy", *(["-bsf:v", bitstream_filter] if bitstream_filter else []),
            "-fflags", "+bitexact",
            *([] if webm else ["-movflags", "+faststart"]),
            str(target),
        ]  # fmt: skip
        try:
            result = subprocess.run(command, capture_output=True, timeout=300, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            result = None
        if result is None or result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            raise ValidationError(
                _("This video could not be cleaned of hidden details, so it was not accepted. Try an MP4 copy."),
                code="unsanitisable",
            )
        data = target.read_bytes()
        target.unlink()
    finally:
        source.unlink(missing_ok=True)
    return CleanFile(kind="video", content_type="video/webm" if webm else "video/mp4", data=data)


def _video_codec(path: Path) -> str | None:
    """The codec of the first video stream that is not cover art, from ffmpeg's own listing (the
    ffprobe binary is not always there: imageio-ffmpeg ships ffmpeg alone)."""
    try:
        result = subprocess.run(  # noqa: S603
            [ffmpeg_binary(), "-hide_banner", "-nostdin", "-i", str(path)], capture_output=True, timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    listing = result.stderr.decode("utf-8", "replace")
    for match in _VIDEO_STREAM.finditer(listing):
        line_end = listing.find("\n", match.end())
        if "(attached pic)" not in listing[match.end() : line_end if line_end != -1 else None]:
            return match.group(1)
    return None
