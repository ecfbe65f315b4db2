import io
import json
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases.management.demo_images import camera_still
from media.video import ffmpeg_binary
from tips.jpeg_quality import estimate_quality
from tips.sanitise import JPEG_QUALITY, sanitise

from .media import (
    CAMERA_MAKE,
    CAMERA_MODEL,
    COVER_ARTIST,
    COVER_MAKE,
    GPS_TEXT,
    ICC_DESCRIPTION,
    PNG_SECRET,
    VIDEO_TITLE,
    XMP_MARKER,
    exif_with_gps,
    h264_video_with_cover,
    tagged_jpeg,
    tagged_png,
    tagged_video,
)

MARKERS = [
    CAMERA_MAKE.encode(), CAMERA_MODEL.encode(), XMP_MARKER.encode(), ICC_DESCRIPTION.encode("utf-16-be"),
    PNG_SECRET.encode(), VIDEO_TITLE.encode(), GPS_TEXT.encode(), b"Exif", b"ICC_PROFILE", b"http://ns.adobe.com",
]  # fmt: skip


def _clean(name: str, data: bytes):
    with tempfile.TemporaryDirectory() as workdir:
        result = sanitise(SimpleUploadedFile(name, data), workdir)
        assert list(Path(workdir).iterdir()) == []
    return result


def _left(data: bytes) -> list[bytes]:
    return [marker for marker in MARKERS if marker in data]


def test_a_jpeg_is_turned_upright_and_keeps_no_metadata_at_all():
    original = tagged_jpeg((640, 480), orientation=6)
    assert len(_left(original)) >= 5
    result = _clean("photo.jpg", original)
    assert result.content_type == "image/jpeg"
    assert _left(result.data) == []
    image = Image.open(io.BytesIO(result.data))
    assert image.size == (480, 640)
    assert set(image.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}
    assert dict(image.getexif()) == {}
    # The blue corner, top left before rotating 90° clockwise, is now top right.
    assert image.getpixel((image.width - 5, 5))[2] > 200
    assert image.getpixel((5, 5))[0] > 150


def _photo(quality: int, *, with_metadata: bool = True, **options) -> bytes:
    """A camera-like 1600x1200 photo (grain, blur, a figure) saved at `quality`."""
    picture = Image.open(io.BytesIO(camera_still(7, datetime(2026, 1, 1, 21, 30), "CAM 2", (1600, 1200))))
    buffer = io.BytesIO()
    if with_metadata:
        options.update(exif=exif_with_gps(), xmp=XMP_MARKER.encode(), comment=CAMERA_MODEL)
    picture.save(buffer, "JPEG", quality=quality, **options)
    return buffer.getvalue()


def test_a_photo_at_quality_70_is_kept_at_70_no_larger_than_it_came_and_without_metadata():
    original = _photo(70)
    assert len(_left(original)) >= 3
    result = _clean("IMG_2041.jpg", original)
    assert len(result.data) <= len(original)
    assert _left(result.data) == []
    assert estimate_quality(Image.open(io.BytesIO(result.data)).quantization) == 70


@pytest.mark.parametrize("quality", [70, 85])
def test_a_progressive_optimised_photo_is_not_stored_larger_either(quality):
    # Re-encoding cannot beat the original's own encoder at the same quality every time: the
    # result is then saved a little lower, never larger and never finer; progressive, as it came.
    original = _photo(quality, with_metadata=False, progressive=True, optimize=True)
    result = _clean("photo.jpg", original)
    assert len(result.data) <= len(original)
    image = Image.open(io.BytesIO(result.data))
    assert estimate_quality(image.quantization) <= quality
    assert image.info.get("progressive")


def test_a_photo_saved_finer_than_needed_is_kept_at_the_usual_quality():
    original = _photo(98)
    result = _clean("scan.jpg", original)
    assert estimate_quality(Image.open(io.BytesIO(result.data)).quantization) == JPEG_QUALITY
    assert len(result.data) < len(original) * 0.7


def test_png_text_chunks_do_not_survive():
    result = _clean("screenshot.png", tagged_png())
    assert _left(result.data) == []
    image = Image.open(io.BytesIO(result.data))
    assert image.format == "JPEG"
    assert estimate_quality(image.quantization) == JPEG_QUALITY  # no quality of its own to follow


def test_a_heic_photo_is_accepted_and_cleaned():
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (20, 120, 220)).save(buffer, "HEIF", exif=exif_with_gps().tobytes())
    assert CAMERA_MODEL.encode() in buffer.getvalue()
    result = _clean("IMG_0001.HEIC", buffer.getvalue())
    assert _left(result.data) == []
    assert Image.open(io.BytesIO(result.data)).size == (320, 240)


def test_a_phone_s_multi_picture_jpeg_is_accepted_and_only_its_first_picture_kept():
    from cases.tests.images import mpo_bytes

    original = mpo_bytes((640, 480), exif=exif_with_gps())
    assert Image.open(io.BytesIO(original)).format == "MPO"
    assert CAMERA_MAKE.encode() in original
    result = _clean("IMG_20260101.jpg", original)
    assert result.content_type == "image/jpeg"
    assert _left(result.data) == []
    image = Image.open(io.BytesIO(result.data))
    assert (image.format, image.size, getattr(image, "n_frames", 1)) == ("JPEG", (640, 480), 1)
    assert image.getpixel((10, 10))[2] > 120  # the first picture (blue-grey), not the red second one


def _probe(data: bytes, suffix: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(data)
        handle.flush()
        ffprobe = str(Path(ffmpeg_binary()).with_name("ffprobe"))
        output = subprocess.run(
            [ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", handle.name],
            capture_output=True, check=True, text=True,
        )  # fmt: skip
    return json.loads(output.stdout)


@pytest.mark.parametrize(("name", "container"), [("clip.mp4", "mp4"), ("clip.mov", "mov")])
def test_videos_are_remuxed_without_metadata(name, container):
    original = tagged_video(container)
    assert VIDEO_TITLE.encode() in original
    result = _clean(name, original)
    assert result.content_type == "video/mp4"
    assert _left(result.data) == []
    probe = _probe(result.data, ".mp4")
    tags = probe["format"].get("tags", {})
    assert not {"title", "location", "comment", "com.apple.quicktime.location.ISO6709"} & set(tags)
    assert {stream["codec_type"] for stream in probe["streams"]} == {"video", "audio"}
    for stream in probe["streams"]:
        assert CAMERA_MODEL not in json.dumps(stream)


@pytest.mark.parametrize(("name", "brand"), [("clip.mp4", "isom"), ("clip.mov", "qt  ")])
def test_cover_art_and_encoder_user_data_do_not_survive_a_video(name, brand):
    original = h264_video_with_cover(brand)
    assert COVER_MAKE.encode() in original
    assert COVER_ARTIST.encode() in original
    assert b"x264 - core" in original
    result = _clean(name, original)
    assert COVER_MAKE.encode() not in result.data
    assert COVER_ARTIST.encode() not in result.data
    assert b"x264 - core" not in result.data
    assert b"Exif" not in result.data
    probe = _probe(result.data, ".mp4")
    assert [stream["codec_name"] for stream in probe["streams"]] == ["h264"]
    assert not any(stream.get("disposition", {}).get("attached_pic") for stream in probe["streams"])


def test_an_hevc_video_loses_its_cover_art_and_still_plays():
    original = h264_video_with_cover(encoder="libx265")
    assert COVER_MAKE.encode() in original
    result = _clean("clip.mp4", original)
    assert COVER_MAKE.encode() not in result.data
    probe = _probe(result.data, ".mp4")
    assert [stream["codec_name"] for stream in probe["streams"]] == ["hevc"]
    with tempfile.NamedTemporaryFile(suffix=".mp4") as handle:
        handle.write(result.data)
        handle.flush()
        decoded = subprocess.run(
            [ffmpeg_binary(), "-nostdin", "-v", "error", "-i", handle.name, "-f", "null", "-"],
            capture_output=True, check=False,
        )  # fmt: skip
    assert decoded.returncode == 0 and decoded.stderr == b""


def test_a_webm_video_stays_webm():
    with tempfile.TemporaryDirectory() as workdir:
        output = Path(workdir) / "clip.webm"
        subprocess.run(
            [ffmpeg_binary(), "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10",
             "-c:v", "libvpx", "-metadata", f"title={VIDEO_TITLE}", str(output)],
            check=True,
        )  # fmt: skip
        result = _clean("clip.webm", output.read_bytes())
    assert result.content_type == "video/webm"
    assert VIDEO_TITLE.encode() not in result.data


def test_a_video_whose_name_claims_a_photo_is_refused():
    with pytest.raises(ValidationError) as error:
        _clean("photo.jpg", tagged_video())
    assert error.value.code == "not_an_image"
