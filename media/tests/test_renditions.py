"""media.renditions: upright, sRGB, metadata-free renditions at the configured widths."""

import io

import pytest
from PIL import Image, ImageCms, ImageOps

from media.renditions import open_upright, render_widths

RED = (230, 20, 20)
BLUE = (20, 20, 230)


def _exif(orientation: int = 1, gps: bool = False) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0110] = "Model X"  # Model
    if gps:
        exif[0x8825] = {1: "N", 2: (40.0, 42.0, 51.0), 3: "W", 4: (74.0, 0.0, 21.0)}
    return exif


def _marked_jpeg(size=(1200, 800), orientation: int = 1) -> bytes:
    """Blue picture with a red block in the stored top-left corner, and lots of metadata."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 3, size[1] // 3))
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(
        buffer, "JPEG", quality=95, exif=_exif(orientation, gps=True), icc_profile=icc, xmp=xmp,
        comment=b"shot by the shop's camera",
    )  # fmt: skip
    return buffer.getvalue()


def _red_corner(image: Image.Image) -> tuple[int, int]:
    """Which corner (0/1 across, 0/1 down) is red."""
    width, height = image.size
    for across in (0, 1):
        for down in (0, 1):
            pixel = image.getpixel((5 + across * (width - 11), 5 + down * (height - 11)))
            if pixel[0] > 150 and pixel[2] < 100:
                return across, down
    raise AssertionError("no red corner")


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_applied(orientation):
    data = _marked_jpeg(orientation=orientation)
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    original, images = render_widths(io.BytesIO(data), (400,))
    assert original == expected.size
    rendition = Image.open(io.BytesIO(images[400]["jpeg"]))
    assert rendition.width == 400
    assert rendition.height == round(400 * expected.height / expected.width)
    assert _red_corner(rendition) == _red_corner(expected)
    assert _red_corner(Image.open(io.BytesIO(images[400]["webp"]))) == _red_corner(expected)


def test_renditions_carry_no_exif_xmp_icc_or_comment():
    _original, images = render_widths(io.BytesIO(_marked_jpeg(orientation=6)), (400, 800))
    for formats in images.values():
        for fmt, data in formats.items():
            image = Image.open(io.BytesIO(data))
            assert not image.getexif(), fmt
            for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"):
                assert not image.info.get(key), (fmt, key)
            assert b"SpyCam" not in data
            assert b"xmpmeta" not in data
            assert b"shop's camera" not in data


def test_each_width_is_made_in_jpeg_and_webp():
    original, images = render_widths(io.BytesIO(_marked_jpeg((2000, 1500))), (400, 800, 1600))
    assert original == (2000, 1500)
    assert sorted(images) == [400, 800, 1600]
    for width, formats in images.items():
        assert Image.open(io.BytesIO(formats["jpeg"])).format == "JPEG"
        assert Image.open(io.BytesIO(formats["webp"])).format == "WEBP"
        for data in formats.values():
            assert Image.open(io.BytesIO(data)).size == (width, round(width * 1500 / 2000))


def test_a_small_picture_is_never_upscaled():
    original, images = render_widths(io.BytesIO(_marked_jpeg((1000, 750))), (400, 800, 1600))
    assert original == (1000, 750)
    assert sorted(images) == [400, 800, 1000]
    assert Image.open(io.BytesIO(images[1000]["jpeg"])).size == (1000, 750)


def test_a_rotated_photo_decoded_in_draft_mode_keeps_its_full_upright_size():
    original, images = render_widths(io.BytesIO(_marked_jpeg((2000, 1500), orientation=6)), (400,))
    assert original == (1500, 2000)
    assert Image.open(io.BytesIO(images[400]["jpeg"])).size == (400, 533)


def test_transparent_png_is_flattened_on_white():
    image = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    image.paste((200, 0, 0, 255), (0, 0, 300, 400))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    _original, images = render_widths(io.BytesIO(buffer.getvalue()), (400,))
    rendition = Image.open(io.BytesIO(images[400]["jpeg"])).convert("RGB")
    assert rendition.getpixel((390, 100))[0] > 240  # was transparent: now white
    assert rendition.getpixel((10, 100))[1] < 40  # the opaque half keeps its red


def test_palette_and_cmyk_pictures_come_out_as_rgb():
    palette = io.BytesIO()
    Image.new("RGB", (500, 300), RED).convert("P").save(palette, "GIF")
    cmyk = io.BytesIO()
    Image.new("CMYK", (500, 300), (0, 200, 200, 0)).save(cmyk, "JPEG")
    for data in (palette.getvalue(), cmyk.getvalue()):
        _original, images = render_widths(io.BytesIO(data), (400,))
        rendition = Image.open(io.BytesIO(images[400]["jpeg"]))
        assert rendition.mode == "RGB"
        assert rendition.size == (400, 240)


def test_open_upright_returns_a_clean_upright_picture_at_least_as_wide_as_asked():
    image, upright_size = open_upright(io.BytesIO(_marked_jpeg((2000, 1500), orientation=8)), max_width=400)
    assert upright_size == (1500, 2000)
    assert image.mode == "RGB"
    assert image.width >= 400
    assert image.height > image.width
    assert image.info == {}


def test_heights_follow_the_original_proportions_at_every_width():
    # 3000x4000 upright: 1600 -> 2133.3 and 800 -> 1066.7; halving 2133 would give 1066.
    original, images = render_widths(io.BytesIO(_marked_jpeg((4000, 3000), orientation=6)), (400, 800, 1600))
    assert original == (3000, 4000)
    sizes = {width: Image.open(io.BytesIO(formats["webp"])).size for width, formats in images.items()}
    assert sizes == {1600: (1600, 2133), 800: (800, 1067), 400: (400, 533)}


def _swapped_primaries_profile() -> bytes:
    """A valid ICC profile that is not sRGB: sRGB with its red and blue primaries swapped."""
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = int.from_bytes(icc[128:132], "big")
    entries = {bytes(icc[132 + 12 * n : 136 + 12 * n]): 132 + 12 * n for n in range(count)}
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    icc[red + 4 : red + 12], icc[blue + 4 : blue + 12] = icc[blue + 4 : blue + 12], icc[red + 4 : red + 12]
    return bytes(icc)


def _tagged_jpeg(colour, icc: bytes) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "JPEG", quality=95, icc_profile=icc)
    return buffer.getvalue()


def test_pixels_in_another_colour_space_are_converted_to_srgb():
    _original, images = render_widths(io.BytesIO(_tagged_jpeg(RED, _swapped_primaries_profile())), (400,))
    red, _green, blue = Image.open(io.BytesIO(images[400]["jpeg"])).getpixel((200, 150))
    assert blue > 150 and red < 100  # "red" in the swapped space is blue in sRGB


def test_pixels_already_in_srgb_are_left_as_they_are():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    _original, images = render_widths(io.BytesIO(_tagged_jpeg((200, 120, 40), srgb)), (400,))
    pixel = Image.open(io.BytesIO(images[400]["jpeg"])).getpixel((200, 150))
    assert all(abs(got - want) <= 3 for got, want in zip(pixel, (200, 120, 40), strict=True))
