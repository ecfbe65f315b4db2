"""The JPEG quality a photo was saved at, read from its quantisation tables.

Re-encoding a phone photo at a fixed high quality makes it larger than it came (a 5.2 MB photo
became 7.3 MB at 90) without making it any better: the detail the camera quantised away is gone.
Like ImageMagick, this compares the sum of the photo's tables with the sums of the tables the IJG
libjpeg writes at each quality (the example tables of ITU-T T.81 Annex K, scaled), and takes the
highest quality whose tables are no finer than the photo's: re-encoding there keeps what the photo
has and never asks for more.
"""

import functools

# ITU-T T.81 Annex K, tables K.1 (luminance) and K.2 (chrominance), in natural (row) order.
LUMINANCE = (
    16, 11, 10, 16, 24, 40, 51, 61,
    12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77,
    24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101,
    72, 92, 95, 98, 112, 100, 103, 99,
)  # fmt: skip
CHROMINANCE = (
    17, 18, 24, 47, 99, 99, 99, 99,
    18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99,
    47, 66, 99, 99, 99, 99, 99, 99,
    *(99,) * 32,
)  # fmt: skip


def ijg_table(base: tuple[int, ...], quality: int) -> list[int]:
    """`base` scaled as libjpeg's jpeg_set_quality does (baseline: every entry 1-255)."""
    scale = 5000 // quality if quality < 50 else 200 - 2 * quality
    return [min(255, max(1, (value * scale + 50) // 100)) for value in base]


@functools.cache
def _ijg_sums(tables: int) -> dict[int, int]:
    """{quality: sum of the first `tables` IJG tables at that quality}, for 1-100."""
    bases = (LUMINANCE, CHROMINANCE)[:tables]
    return {quality: sum(sum(ijg_table(base, quality)) for base in bases) for quality in range(1, 101)}


def estimate_quality(quantization: dict[int, list[int]]) -> int | None:
    """The IJG quality (1-100) of a JPEG with these tables (Pillow's `image.quantization`): the
    highest quality whose tables are, in total, no finer than the photo's. None without tables."""
    if 0 not in quantization:
        return None
    tables = 2 if 1 in quantization else 1  # a greyscale JPEG has the luminance table only
    total = sum(sum(quantization[number]) for number in range(tables))
    sums = _ijg_sums(tables)
    return next((quality for quality in range(100, 0, -1) if sums[quality] >= total), 1)
