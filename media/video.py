"""ffmpeg: which binary, and the poster frame for an uploaded video."""

import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

from tipportal.caching import invalidate_public_pages

from .storage import replace_file


@cache
def ffmpeg_binary() -> str:
    """FFMPEG_BINARY if set, else Debian's ffmpeg, else the one imageio-ffmpeg ships in its wheel."""
    if settings.FFMPEG_BINARY:
        return settings.FFMPEG_BINARY
    system = shutil.which("ffmpeg")
    if system:
        return system
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def extract_poster(video_path: str, *, at_seconds: float = 1.0, max_width: int = 1280) -> bytes:
    """Return a JPEG of one frame near `at_seconds` (or the first frame of a shorter clip)."""
    with tempfile.TemporaryDirectory() as workdir:
        output = Path(workdir) / "poster.jpg"
        for seek in (at_seconds, 0):
            command = [
                ffmpeg_binary(), "-nostdin", "-v", "error", "-y", "-ss", str(seek), "-i", video_path,
                "-frames:v", "1", "-vf", f"scale='min({max_width},iw)':-2", "-map_metadata", "-1",
                "-q:v", "3", str(output),
            ]  # fmt: skip
            subprocess.run(command, capture_output=True, timeout=120, check=False)  # noqa: S603
            if output.exists() and output.stat().st_size > 0:
                return output.read_bytes()
    raise ValueError("ffmpeg could not extract a frame from this video")


def make_poster(model: type[models.Model], pk: int, folder: str) -> None:
    """Store a poster frame of one object's uploaded `file` as `<folder>/<pk>.jpg` and point its
    `poster` at it. Safe to run any number of times."""
    video: Any = model._default_manager.filter(pk=pk).first()  # a model with `file` and `poster`
    if video is None or not video.file:
        return
    suffix = "." + video.file.name.rsplit(".", 1)[-1]
    with tempfile.NamedTemporaryFile(suffix=suffix) as local:
        # ffmpeg needs a local file; with object storage the video is copied down first.
        with video.file.open("rb") as remote:
            for chunk in remote.chunks():
                local.write(chunk)
        local.flush()
        poster = extract_poster(local.name)
    name = replace_file(f"{folder}/{pk}.jpg", poster)
    model._default_manager.filter(pk=pk).update(poster=name)
    invalidate_public_pages()
