"""ffmpeg: which binary, the copy of a video that may be shown or kept (no metadata), and its
poster frame. Tip attachments (tips/sanitise.py) and case videos are stripped the same way."""

import logging
import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

from tipportal.caching import invalidate_public_pages

from .models import RenditionStatus
from .storage import replace_file

logger = logging.getLogger(__name__)

# Encoders and phones write free-form SEI messages (x264 its build and options, some cameras
# their serial or GPS) that `-c copy` would carry over. filter_units drops those NAL units: SEI is
# type 6 in H.264 and types 39/40 (prefix/suffix) in HEVC. Other codecs are copied as they are.
# ffmpeg 5.1 leaves an SEI stored in an HEVC track's hvcC header in place; in-band ones go.
SEI_FILTERS = {
    "h264": "filter_units=remove_types=6",
    "hevc": "filter_units=remove_types=39|40",
}
_VIDEO_STREAM = re.compile(r"^\s*Stream #0:\d+.*?: Video: (\w+)", re.MULTILINE)


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


def video_codec(path: Path) -> str | None:
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


def strip_video(source: Path, target: Path) -> None:
    """Write `source` to `target` (.mp4 or .webm) without re-encoding and without anything but
    the pictures and the sound: one real video track (no cover art, an attached JPEG with its own
    EXIF), the audio, no metadata (GPS, make, dates), chapters, subtitles, data streams
    (telemetry) or SEI user data. Raises ValueError when ffmpeg cannot."""
    bitstream_filter = SEI_FILTERS.get(video_codec(source) or "")
    command = [
        ffmpeg_binary(), "-nostdin", "-v", "error", "-y", "-i", str(source),
        # V, not v: one real video track; cover art is left out.
        "-map", "0:V:0", "-map", "0:a?", "-map_metadata", "-1", "-map_metadata:s", "-1", "-map_chapters", "-1",
        "-dn", "-sn", "-c", "copy", *(["-bsf:v", bitstream_filter] if bitstream_filter else []),
        "-fflags", "+bitexact",
        *([] if target.suffix == ".webm" else ["-movflags", "+faststart"]),
        str(target),
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, timeout=300, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        result = None
    if result is None or result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        raise ValueError("ffmpeg could not copy this video without its metadata")


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


def prepare_video(model: type[models.Model], pk: int, folder: str, posters_folder: str) -> None:
    """Make what the public sees of one object's uploaded `file` (its original, which has no URL):
    the video without metadata as `<folder>/<pk>/video.<ext>` and a poster frame as
    `<posters_folder>/<pk>.jpg`. Safe to run any number of times. A video ffmpeg cannot copy is
    marked failed and stays off the public page; a storage error propagates, so the task retries."""
    video: Any = model._default_manager.filter(pk=pk).first()  # a model with file, public_file, poster
    if video is None or not video.file:
        return
    extension = ".webm" if video.file.name.lower().endswith(".webm") else ".mp4"
    with tempfile.TemporaryDirectory() as workdir:
        source = Path(workdir) / ("upload" + Path(video.file.name).suffix.lower())
        clean = Path(workdir) / ("video" + extension)
        # ffmpeg needs a local file; with object storage the video is copied down first.
        with video.file.open("rb") as remote, source.open("wb") as local:
            for chunk in remote.chunks():
                local.write(chunk)
        try:
            strip_video(source, clean)
            poster = extract_poster(str(clean))
        except ValueError:
            logger.exception("could not prepare video %s %s", model._meta.label, pk)
            model._default_manager.filter(pk=pk).update(renditions_status=RenditionStatus.FAILED)
            return
        with clean.open("rb") as handle:
            public_name = replace_file(f"{folder}/{pk}/video{extension}", handle)
    poster_name = replace_file(f"{posters_folder}/{pk}.jpg", poster)
    model._default_manager.filter(pk=pk).update(
        public_file=public_name, poster=poster_name, renditions_status=RenditionStatus.READY
    )
    invalidate_public_pages()
