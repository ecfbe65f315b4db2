"""Attachments for tests, made on the spot, each carrying identifying metadata that must not survive."""

import io
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from media.video import ffmpeg_binary

CAMERA_MAKE = "Forensicorp"
CAMERA_MODEL = "ZX-9000 Forensic"
GPS_LATITUDE = (51.0, 28.0, 38.51)
GPS_TEXT = "+51.4772-000.1276"
PNG_SECRET = "Written by Jane Tipster at 14 Elm Street"
VIDEO_TITLE = "Recorded by Jane Tipster"
XMP_MARKER = "xmp-creator-jane-tipster"
ICC_DESCRIPTION = "JaneTipsterPC"  # as long as "sRGB built-in", which it replaces
COVER_MAKE = "CoverCamMakeJane"
COVER_ARTIST = "Artist Jane Tipster Coverart"


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MAKE
    exif[0x0110] = CAMERA_MODEL
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "W", 4: (0.0, 7.0, 39.1)}
    return exif


def icc_profile() -> bytes:
    data = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return data.replace("sRGB built-in".encode("utf-16-be"), ICC_DESCRIPTION.encode("utf-16-be"))


def tagged_jpeg(size: tuple[int, int] = (640, 480), orientation: int = 1) -> bytes:
    image = Image.new("RGB", size, (200, 40, 40))
    # A marker in the top-left corner shows whether the orientation was applied.
    image.paste((0, 0, 255), (0, 0, size[0] // 4, size[1] // 4))
    thumbnail = io.BytesIO()
    image.resize((64, 48)).save(thumbnail, "JPEG")
    buffer = io.BytesIO()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description creator="{XMP_MARKER}"/></x:xmpmeta>'
    image.save(
        buffer,
        "JPEG",
        quality=90,
        exif=exif_with_gps(orientation),
        icc_profile=icc_profile(),
        xmp=xmp.encode(),
        comment=CAMERA_MODEL,
    )
    return buffer.getvalue()


def tagged_png(size: tuple[int, int] = (320, 240)) -> bytes:
    info = PngInfo()
    info.add_text("Author", PNG_SECRET)
    info.add_itxt("Comment", PNG_SECRET)
    buffer = io.BytesIO()
    Image.new("RGBA", size, (10, 200, 30, 255)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A tiny file that claims a huge canvas: refused before it is decoded."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def tagged_video(container: str = "mp4") -> bytes:
    with tempfile.TemporaryDirectory() as workdir:
        output = Path(workdir) / f"clip.{container}"
        subprocess.run(
            [ffmpeg_binary(), "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10",
             "-f", "lavfi", "-i", "sine=duration=1",
             "-pix_fmt", "yuv420p", "-c:v", "mpeg4", "-c:a", "aac", "-shortest",
             "-metadata", f"title={VIDEO_TITLE}", "-metadata", f"location={GPS_TEXT}/",
             "-metadata", f"comment={CAMERA_MODEL}", "-metadata:s:v", f"handler_name={CAMERA_MODEL}",
             "-movflags", "use_metadata_tags", str(output)],
            check=True,
        )  # fmt: skip
        return output.read_bytes()


def h264_video_with_cover(brand: str = "isom", encoder: str = "libx264") -> bytes:
    """An H.264 clip (x264 writes its build and options into SEI user data) with cover art: an
    attached JPEG whose EXIF names the camera and the artist. `brand` "qt  " makes it a QuickTime
    file; `encoder` "libx265" makes it HEVC."""
    exif = Image.Exif()
    exif[0x010F] = COVER_MAKE
    exif[0x013B] = COVER_ARTIST
    cover = io.BytesIO()
    Image.new("RGB", (64, 64), (90, 30, 160)).save(cover, "JPEG", exif=exif)
    with tempfile.TemporaryDirectory() as workdir:
        cover_path = Path(workdir) / "cover.jpg"
        cover_path.write_bytes(cover.getvalue())
        output = Path(workdir) / "clip.mp4"
        subprocess.run(
            [ffmpeg_binary(), "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10",
             "-i", str(cover_path), "-map", "0", "-map", "1", "-c:v:0", encoder,
             *(["-x265-params", "log-level=error"] if encoder == "libx265" else []), "-pix_fmt", "yuv420p",
             "-c:v:1", "copy", "-disposition:v:1", "attached_pic", "-f", "mp4", "-brand", brand, str(output)],
            check=True,
        )  # fmt: skip
        return output.read_bytes()


def corrupt_video() -> bytes:
    return b"\x00\x00\x00\x18ftypmp42" + b"this is not really a video" * 100
