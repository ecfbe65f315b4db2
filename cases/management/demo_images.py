"""Synthetic "security camera" stills for demo data and tests: no real people, no downloads."""

import io
import random
from datetime import datetime

from PIL import Image, ImageDraw, ImageFilter, ImageFont

PALETTES = [
    ((52, 58, 64), (173, 181, 189)),
    ((33, 37, 41), (108, 117, 125)),
    ((73, 80, 87), (222, 226, 230)),
    ((20, 40, 60), (120, 150, 170)),
]


def camera_still(seed: int, when: datetime, label: str, size: tuple[int, int] = (1280, 720)) -> bytes:
    """A grainy camera-style frame: a room or street, a figure, and a timestamp overlay."""
    rng = random.Random(seed)  # noqa: S311 - repeatable pictures, not secrets
    width, height = size
    dark, light = rng.choice(PALETTES)
    image = Image.new("RGB", size, dark)
    draw = ImageDraw.Draw(image)
    for y in range(height):  # floor-to-ceiling gradient
        t = y / height
        colour = tuple(int(dark[i] * (1 - t) + light[i] * t * 0.6) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(6):  # shelves, doors, cars
        x0, y0 = rng.randrange(width), rng.randrange(height // 2)
        x1, y1 = x0 + rng.randrange(80, 400), y0 + rng.randrange(60, 300)
        draw.rectangle([x0, y0, x1, y1], fill=tuple(rng.randrange(40, 200) for _ in range(3)))
    cx, cy = rng.randrange(width // 4, 3 * width // 4), height // 2
    body = tuple(rng.randrange(10, 120) for _ in range(3))
    draw.ellipse([cx - 40, cy - 170, cx + 40, cy - 80], fill=(201, 160, 130))  # head
    draw.rounded_rectangle([cx - 75, cy - 80, cx + 75, cy + 140], radius=30, fill=body)  # torso
    draw.rectangle([cx - 60, cy + 140, cx - 10, cy + 300], fill=(30, 30, 50))  # legs
    draw.rectangle([cx + 10, cy + 140, cx + 60, cy + 300], fill=(30, 30, 50))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.effect_noise(size, 24).convert("RGB")
    image = Image.blend(image, noise, 0.12)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=28)
    draw.rectangle([0, 0, width, 44], fill=(0, 0, 0))
    draw.text((12, 8), f"{label}  {when:%Y-%m-%d %H:%M:%S}", fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
