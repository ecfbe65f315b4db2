"""ffmpeg: which binary, and the poster frame for an uploaded video."""

import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings


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
