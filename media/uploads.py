"""Checks for uploaded images and videos: refuse anything we cannot safely decode, with a message
a person can act on, before a single byte reaches storage."""

import os
import subprocess
import tempfile
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from .video import ffmpeg_binary

STILL_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# Many phones save photos as MPO (a JPEG followed by a depth map or a second view), which Pillow
# reports as its own format. Its first picture is an ordinary JPEG, so it counts as one.
FORMAT_ALIASES = {"MPO": "JPEG"}
VIDEO_EXTENSIONS = {".mp4", ".m4v", ".webm"}


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int


def check_size(upload: File, limit_mb: int) -> None:
    if upload.size is not None and upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit_mb * 1024 * 1024)},
            code="too_large",
        )


def inspect_image(upload: File, allowed_formats: dict[str, str] = STILL_FORMATS) -> ImageInfo:
    """Open, measure and fully decode an upload; raise ValidationError with a plain reason."""
    check_size(upload, settings.MAX_IMAGE_UPLOAD_MB)
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; treat it as the error it is.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(upload) as image:
                width, height = image.size
                fmt = FORMAT_ALIASES.get(image.format or "", image.format or "")
                if fmt not in allowed_formats:
                    raise ValidationError(
                        _("This file type is not accepted. Use %(formats)s.")
                        % {"formats": ", ".join(allowed_formats.values())},
                        code="wrong_type",
                    )
                if width * height > settings.MAX_IMAGE_PIXELS:
                    raise _too_many_pixels(width, height)
                # Decoding at reduced scale reads every byte, so a truncated file is caught cheaply.
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(None, None) from None
        except UnidentifiedImageError:
            raise ValidationError(
                _("This file is not an image we can read. Use %(formats)s.")
                % {"formats": ", ".join(allowed_formats.values())},
                code="not_an_image",
            ) from None
        except (OSError, SyntaxError, ValueError):
            raise ValidationError(
                _("This image is damaged or incomplete (it may not have finished uploading). Try the original file."),
                code="corrupt",
            ) from None
        finally:
            upload.seek(0)
    return ImageInfo(format=fmt, width=width, height=height)


def _too_many_pixels(width: int | None, height: int | None) -> ValidationError:
    limit_mp = settings.MAX_IMAGE_PIXELS // 1_000_000
    if width and height:
        message = _("This image is %(w)s by %(h)s pixels; the limit is %(limit)s megapixels.") % {
            "w": width,
            "h": height,
            "limit": limit_mp,
        }
    else:
        message = _("This image has too many pixels; the limit is %(limit)s megapixels.") % {"limit": limit_mp}
    return ValidationError(message, code="too_many_pixels")


def probe_video(path: str) -> None:
    """Raise ValidationError unless ffmpeg can decode a video frame from `path`."""
    command = [
        ffmpeg_binary(),
        "-nostdin",
        "-v",
        "error",
        "-i",
        path,
        "-map",
        "0:v:0",
        "-frames:v",
        "1",
        "-f",
        "null",
        "-",
    ]
    try:
        result = subprocess.run(command, capture_output=True, timeout=60, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        result = None
    if result is None or result.returncode != 0:
        raise ValidationError(
            _("This file is not a video we can play. Upload an MP4 or WebM file."), code="not_a_video"
        )


def inspect_video(upload: File) -> None:
    check_size(upload, settings.MAX_VIDEO_UPLOAD_MB)
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in VIDEO_EXTENSIONS:
        raise ValidationError(_("Upload the video as an MP4 or WebM file."), code="wrong_type")
    temporary_path = getattr(upload, "temporary_file_path", None)
    if temporary_path:
        probe_video(temporary_path())
        return
    # Small uploads are held in memory; ffmpeg needs a file, so use one that is always removed.
    with tempfile.NamedTemporaryFile(suffix=extension) as handle:
        upload.seek(0)
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        upload.seek(0)
        probe_video(handle.name)


class StillImageField(forms.ImageField):
    """An ImageField whose errors say what is wrong: type, size, pixels, or damage."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        info = inspect_image(data)
        data.image_info = info
        data.content_type = Image.MIME.get(info.format)
        return data


class VideoFileField(forms.FileField):
    def to_python(self, data):
        data = super().to_python(data)
        if data is not None:
            inspect_video(data)
        return data
