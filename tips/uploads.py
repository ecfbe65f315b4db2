"""Where a tip's uploads sit while they are sanitised: in memory, or in a per-request temporary
directory that the view removes whatever happens. Django's default handler would use the shared
temporary directory instead; these handlers are installed by `with_upload_workdir`."""

import os
import shutil
import tempfile
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, MemoryFileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.csrf import csrf_exempt

from .privacy import TipCsrfViewMiddleware


class Workdir(os.PathLike):
    """A private temporary directory (mode 0700), made only when an upload first needs the disk:
    most tips carry no file, or one small enough to stay in memory."""

    def __init__(self) -> None:
        self._path: str | None = None

    def __fspath__(self) -> str:
        if self._path is None:
            self._path = tempfile.mkdtemp(prefix="tip-")
        return self._path

    def remove(self) -> None:
        if self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)


class WorkdirUploadedFile(UploadedFile):
    def __init__(self, workdir: Workdir, name, content_type, size, charset, content_type_extra=None):
        handle = tempfile.NamedTemporaryFile(dir=workdir, suffix=".upload")  # noqa: SIM115 - closed with the request
        super().__init__(handle, name, content_type, size, charset, content_type_extra)

    def temporary_file_path(self) -> str:
        return self.file.name


class WorkdirUploadHandler(FileUploadHandler):
    """Writes each upload to `workdir`, but no further than the largest size a tip file may have:
    past that it only counts, so the size check refuses the file without it filling the disk."""

    def __init__(self, request: HttpRequest, workdir: Workdir):
        super().__init__(request)
        self.workdir = workdir
        self.limit = max(settings.TIP_MAX_IMAGE_MB, settings.TIP_MAX_VIDEO_MB) * 1024 * 1024

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.written = 0
        self.file = WorkdirUploadedFile(
            self.workdir, self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self.written + len(raw_data) <= self.limit:
            self.file.write(raw_data)
            self.written += len(raw_data)

    def file_complete(self, file_size: int) -> UploadedFile:
        self.file.seek(0)
        self.file.size = file_size
        return self.file

    def upload_interrupted(self) -> None:
        if hasattr(self, "file"):
            self.file.close()


def with_upload_workdir(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run `view(request, *args, workdir=...)` with uploads kept in memory or in `workdir`.

    Upload handlers can only be replaced before the body is read, and the CSRF middleware reads
    it, so CSRF is checked here, inside, instead (Django's documented pattern).
    """
    protected = decorator_from_middleware(TipCsrfViewMiddleware)(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        workdir = Workdir()
        request.upload_handlers = [MemoryFileUploadHandler(request), WorkdirUploadHandler(request, workdir)]
        try:
            return protected(request, *args, workdir=workdir, **kwargs)
        finally:
            files = getattr(request, "_files", None)
            for _field, uploads in files.lists() if files is not None else ():
                for upload in uploads:
                    upload.close()
            workdir.remove()

    return wrapper
