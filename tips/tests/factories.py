"""Tips are made through the service, so test data is encrypted exactly as real tips are."""

from tips import services
from tips.models import Tip
from tips.receipts import normalise_code
from tips.sanitise import CleanFile

from .media import tagged_jpeg

TIP_TEXT = "The man in the grey hoodie is Darren Quill, my cousin from Birch Lane."


def make_receipt(body: str = TIP_TEXT, **kwargs) -> services.Receipt:
    return services.submit_tip(body=body, **kwargs)


def make_tip(body: str = TIP_TEXT, **kwargs) -> Tip:
    return make_receipt(body, **kwargs).tip


def clean_photo() -> CleanFile:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tips.sanitise import sanitise_image

    return sanitise_image(SimpleUploadedFile("photo.jpg", tagged_jpeg()))


def code_of(receipt: services.Receipt) -> str:
    return normalise_code(receipt.code)
