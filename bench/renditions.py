"""Renditions benchmark: TipPortal's `render_widths` beside Debian's `vipsthumbnail`.

Makes one realistic 12 MP camera JPEG (4000x3000, photographic texture, EXIF orientation 6 as a
phone held upright writes it, an embedded ICC profile), then times, in the same run and
interleaved so both see the same machine load:

- ours: `media.renditions.render_widths(file, settings.RENDITION_WIDTHS)`, which makes every
  rendition the worker stores (400/800/1600 px wide, each as JPEG and WebP), upright, in sRGB,
  with all metadata stripped;
- vipsthumbnail: the same outputs as a user of the command line would make them, one invocation
  per size and format (six), with matching settings: auto-rotated, exported to sRGB, stripped,
  JPEG at Q82 (progressive only if ours is) and WebP at Q78 with effort equal to our WebP method. The three-JPEG
  subset is printed as well, since that is the smallest job vipsthumbnail could be asked to do.

Usage: python bench/renditions.py [--runs N]. Exits 1 when ours takes more than half of
vipsthumbnail's time for the same outputs.
"""

import argparse
import io
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipportal.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
# Production settings refuse to start without a tip key; this bench encrypts nothing.
os.environ.setdefault("TIP_ENCRYPTION_KEYS", "YmVuY2gtb25seS11bnVzZWQtdGlwLWtleS0wMTIzNDU=")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from PIL import Image, ImageChops, ImageCms, ImageDraw, ImageFilter  # noqa: E402

from media import renditions  # noqa: E402

SIZE = (4000, 3000)
TARGET_RATIO = 0.5


def make_photo(path: Path, seed: int = 2026) -> None:
    """A camera-like JPEG: soft gradients, many overlapping shapes, blur and sensor grain.

    Flat colour would make JPEG decoding unrealistically cheap; pure noise unrealistically dear.
    This lands near a phone photo's size at quality 92 (several MB).
    """
    rng = random.Random(seed)
    width, height = SIZE
    # A sky-to-ground gradient in each channel, at different angles.
    channels = []
    for angle in (0, 35, 80):
        gradient = Image.linear_gradient("L").rotate(angle, expand=True).resize(SIZE)
        channels.append(gradient)
    image = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randrange(20, 900), rng.randrange(20, 700)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = rng.choice(("ellipse", "rectangle", "polygon"))
        if shape == "ellipse":
            draw.ellipse((x, y, x + w, y + h), fill=colour)
        elif shape == "rectangle":
            draw.rectangle((x, y, x + w, y + h), fill=colour, outline=(0, 0, 0), width=rng.randrange(1, 6))
        else:
            points = [(x + rng.randrange(-w, w), y + rng.randrange(-h, h)) for _ in range(rng.randrange(3, 7))]
            draw.polygon(points, fill=colour)
    for _ in range(60):  # thin high-contrast lines: shelves, window frames, cables
        x, y = rng.randrange(width), rng.randrange(height)
        draw.line((x, y, x + rng.randrange(-1500, 1500), y + rng.randrange(-300, 300)), fill=(20, 20, 20), width=3)
    image = image.filter(ImageFilter.GaussianBlur(2.5))
    # Uneven light (large soft blotches), mid-scale texture (fabric, foliage, asphalt), sensor grain.
    light = Image.effect_noise((16, 12), 70).resize(SIZE, Image.Resampling.BICUBIC)
    image = ImageChops.multiply(image, Image.merge("RGB", [ImageChops.add(light, light, 0.8)] * 3))
    texture = Image.effect_noise((SIZE[0] // 6, SIZE[1] // 6), 50).resize(SIZE, Image.Resampling.BICUBIC)
    image = Image.blend(image, Image.merge("RGB", [texture] * 3), 0.18)
    grain = Image.merge("RGB", [Image.effect_noise(SIZE, 30) for _ in range(3)])
    image = Image.blend(image, grain, 0.08)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display: a phone held upright
    exif[0x010F] = "BenchCam"  # Make
    exif[0x0110] = "Model 12"  # Model
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(path, "JPEG", quality=92, exif=exif, icc_profile=icc, comment=b"bench still")


def time_ours(data: bytes) -> tuple[float, float, int]:
    started, cpu_started = time.perf_counter(), time.process_time()
    _original, images = renditions.render_widths(io.BytesIO(data), settings.RENDITION_WIDTHS)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return elapsed, cpu, sum(len(blob) for formats in images.values() for blob in formats.values())


def vips_jobs(source: Path, workdir: Path, formats: tuple[str, ...]) -> list[list[str]]:
    options = {
        "jpeg": f"[Q={renditions.JPEG_QUALITY},strip{',interlace' if renditions.JPEG_PROGRESSIVE else ''}]",
        "webp": f"[Q={renditions.WEBP_QUALITY},effort={renditions.WEBP_METHOD},strip]",
    }
    suffix = {"jpeg": "jpg", "webp": "webp"}
    return [
        ["vipsthumbnail", str(source), "--size", f"{width}x", "--export-profile", "srgb",
         "-o", f"{workdir}/%s-{width}.{suffix[fmt]}{options[fmt]}"]
        for width in settings.RENDITION_WIDTHS
        for fmt in formats
    ]  # fmt: skip


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_vips(jobs: list[list[str]], workdir: Path) -> tuple[float, float, int]:
    started, cpu_started = time.perf_counter(), _children_cpu()
    for job in jobs:
        subprocess.run(job, check=True, stdout=subprocess.DEVNULL)
    elapsed, cpu = time.perf_counter() - started, _children_cpu() - cpu_started
    size = sum(path.stat().st_size for path in workdir.iterdir() if path.name != "photo.jpg")
    for path in workdir.iterdir():
        if path.name != "photo.jpg":
            path.unlink()
    return elapsed, cpu, size


def summary(label: str, runs: list[tuple[float, float, int]]) -> tuple[float, float]:
    seconds = [run[0] for run in runs]
    median = statistics.median(seconds) * 1000
    cpu = statistics.median(run[1] for run in runs) * 1000
    print(
        f"{label:<42} {median:7.1f} ms/image (min {min(seconds) * 1000:6.1f}, max {max(seconds) * 1000:6.1f})"
        f"   CPU {cpu:7.1f} ms   output {runs[-1][2] / 1024:5.0f} KiB"
    )
    return median, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each (after one warm-up)")
    args = parser.parse_args()
    if shutil.which("vipsthumbnail") is None:
        print("vipsthumbnail not found: apt-get install libvips-tools", file=sys.stderr)
        return 2
    version = subprocess.run(["vipsthumbnail", "--vips-version"], capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        source = workdir / "photo.jpg"
        make_photo(source)
        data = source.read_bytes()
        with Image.open(source) as probe:
            print(
                f"source: {probe.size[0]}x{probe.size[1]} JPEG, {len(data) / 1e6:.1f} MB, EXIF orientation "
                f"{probe.getexif().get(0x0112)}, ICC {len(probe.info.get('icc_profile', b''))} bytes"
            )
        print(f"widths {settings.RENDITION_WIDTHS}; Pillow {Image.__version__}; {version}; {os.cpu_count()} CPUs")
        both = vips_jobs(source, workdir, ("jpeg", "webp"))
        jpeg_only = vips_jobs(source, workdir, ("jpeg",))
        time_ours(data)
        time_vips(both, workdir)
        ours, vips_both, vips_jpeg = [], [], []
        for _ in range(args.runs):
            # Interleaved, so a busy neighbour on the machine slows both sides alike.
            ours.append(time_ours(data))
            vips_both.append(time_vips(both, workdir))
            vips_jpeg.append(time_vips(jpeg_only, workdir))
    print(f"\n{'median wall time over ' + str(args.runs) + ' runs':<42}")
    ours_ms, ours_cpu = summary("TipPortal render_widths (3 JPEG + 3 WebP)", ours)
    vips_ms, vips_cpu = summary("vipsthumbnail x6 (3 JPEG + 3 WebP)", vips_both)
    jpeg_ms, _jpeg_cpu = summary("vipsthumbnail x3 (3 JPEG only)", vips_jpeg)
    ratio = ours_ms / vips_ms
    print()
    print(f"ratio ours / vipsthumbnail, same outputs: {ratio:.2f}  (target <= {TARGET_RATIO})")
    print(f"ratio of CPU time, same outputs: {ours_cpu / vips_cpu:.2f}  (vipsthumbnail uses more than one core)")
    print(f"ratio ours (JPEG+WebP) / vipsthumbnail (JPEG only): {ours_ms / jpeg_ms:.2f}")
    met = ratio <= TARGET_RATIO
    print("target met" if met else "target MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
