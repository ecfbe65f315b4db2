"""Originals on S3-compatible object storage (MEDIA_STORAGE=s3): stored private, never linked.

Imported only when STORAGES names it, so django-storages' S3 backend (and boto3) are needed only
by deployments that use S3."""

from storages.backends.s3 import S3Storage

from .storage import NoPublicURL


class OriginalsS3Storage(NoPublicURL, S3Storage):
    """A private bucket, or the `originals/` prefix of the media bucket (settings.py)."""
