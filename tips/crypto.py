"""Encryption at rest for tip text and attachments: Fernet (AES-128-CBC + HMAC-SHA256) with the
keys in TIP_ENCRYPTION_KEYS. The first key encrypts; every key decrypts, so keys can be rotated by
putting a new key first and running `manage.py reencrypt_tips`."""

import secrets
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = [
    "InvalidToken", "decrypt_bytes", "decrypt_text", "encrypt_bytes", "encrypt_text", "new_file_id", "rotate_token",
]  # fmt: skip


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _current() -> MultiFernet:
    # Keyed on the setting's value so a test (or a reload) that changes the keys is honoured.
    return _fernet(tuple(settings.TIP_ENCRYPTION_KEYS))


def encrypt_bytes(data: bytes) -> bytes:
    return _current().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _current().decrypt(token)


def encrypt_text(text: str) -> str:
    return _current().encrypt(text.encode()).decode("ascii")


def decrypt_text(token: str) -> str:
    if not token:
        return ""
    return _current().decrypt(token.encode("ascii")).decode()


def rotate_token(token: bytes) -> bytes:
    """Re-encrypt under the newest key (a token already under it is re-encrypted too)."""
    return _current().rotate(token)


def new_file_id() -> str:
    """A random storage name: nothing about the tip or the upload shows in the file system."""
    return secrets.token_hex(16)
