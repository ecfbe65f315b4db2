import io

import pytest
from PIL import Image

from tips.jpeg_quality import CHROMINANCE, LUMINANCE, estimate_quality, ijg_table


def _saved(quality: int, mode: str = "RGB", **options) -> Image.Image:
    buffer = io.BytesIO()
    Image.new(mode, (16, 16), 90).save(buffer, "JPEG", quality=quality, **options)
    return Image.open(io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize("quality", range(1, 101))
def test_the_tables_are_those_libjpeg_writes_and_the_quality_is_read_back_exactly(quality):
    image = _saved(quality)
    assert image.quantization == {0: ijg_table(LUMINANCE, quality), 1: ijg_table(CHROMINANCE, quality)}
    assert estimate_quality(image.quantization) == quality


@pytest.mark.parametrize("quality", [10, 50, 75, 95])
def test_a_greyscale_jpeg_with_one_table_is_read_too(quality):
    image = _saved(quality, mode="L")
    assert set(image.quantization) == {0}
    assert estimate_quality(image.quantization) == quality


def test_a_camera_s_own_tables_give_the_highest_quality_that_is_no_finer():
    # Finer than the IJG tables at 80 in total, coarser than at 81 (a camera's tables are rarely IJG's).
    tables = {0: ijg_table(LUMINANCE, 80), 1: ijg_table(CHROMINANCE, 81)}
    assert estimate_quality(tables) == 80
    tables = {0: [value + 1 for value in ijg_table(LUMINANCE, 80)], 1: ijg_table(CHROMINANCE, 80)}
    assert estimate_quality(tables) == 79


def test_tables_coarser_than_any_quality_give_1_and_no_tables_give_none():
    assert estimate_quality({0: [255] * 64, 1: [255] * 64}) == 1
    assert estimate_quality({}) is None
