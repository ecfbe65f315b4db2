"""Image and video files for tests, made on the spot (nothing downloaded, nothing large committed)."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from media.video import ffmpeg_binary


def jpeg_bytes(size: tuple[int, int] = (1200, 900), colour=(90, 120, 150), exif: Image.Exif | None = None) -> bytes:
    image = Image.new("RGB", size, colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def mpo_bytes(size: tuple[int, int] = (1200, 900), exif: Image.Exif | None = None) -> bytes:
    """What many phones save as .jpg: a multi-picture JPEG (a photo plus a depth or preview frame),
    which Pillow opens as format "MPO"."""
    first, second = Image.new("RGB", size, (90, 120, 150)), Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    extra = {"exif": exif} if exif is not None else {}
    first.save(buffer, "MPO", save_all=True, append_images=[second], **extra)
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (800, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (10, 200, 30, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def mp4_bytes(seconds: float = 2.0, size: str = "320x240") -> bytes:
    with tempfile.TemporaryDirectory() as workdir:
        output = Path(workdir) / "clip.mp4"
        subprocess.run(
            [ffmpeg_binary(), "-nostdin", "-v", "error", "-f", "lavfi",
             "-i", f"testsrc=duration={seconds}:size={size}:rate=10",
             "-pix_fmt", "yuv420p", "-c:v", "mpeg4", str(output)],
            check=True,
        )  # fmt: skip
        return output.read_bytes()


def has_ffmpeg() -> bool:
    try:
        return bool(shutil.which(ffmpeg_binary()) or Path(ffmpeg_binary()).exists())
    except Exception:
        return False
