import functools
import operator
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import NotSupportedError, connections, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from media.models import HasRenditions, RenditionStatus
from media.storage import StoredFiles, originals, upload_original
from tipportal.publishing import Publishable, PublishableQuerySet

CASE_NUMBER_RE = r"^\d{4}-\d{6}$"
SEARCH_CONFIG = "english"  # PostgreSQL's text search configuration: "caps" finds "cap"


class Category(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        # The default categories' names are in the catalog (cases/defaults.py).
        return gettext(self.name)


class Area(models.Model):
    """A neighbourhood or district, as the department names them."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


# What a case card shows about the apps above cases (moderation adds `comment_count`): each adds
# an annotation here from its AppConfig.ready(), so cases imports none of them and a listing
# still costs one query however many cases it shows.
CARD_ANNOTATIONS: dict[str, Callable[[], models.Expression]] = {}


class CaseQuerySet(PublishableQuerySet):
    def open(self) -> "CaseQuerySet":
        return self.filter(status=Case.Status.OPEN)

    def solved(self) -> "CaseQuerySet":
        return self.filter(status=Case.Status.SOLVED)

    def for_listing(self) -> "CaseQuerySet":
        """Everything a case card shows, in a fixed number of queries however many cases."""
        return (
            self.select_related("category", "area")
            .prefetch_related(models.Prefetch("stills", queryset=Still.objects.order_by("position", "id")))
            .annotate(**{name: expression() for name, expression in CARD_ANNOTATIONS.items()})
        )

    def search(self, query: str) -> "CaseQuerySet":
        """Cases with every word of `query` in their title, summary or location, best first.

        On PostgreSQL the query is read as a web search engine would (`"exact phrase"`, `-not`,
        `or`) against the stored `search_document`, through its GIN index: a search costs two
        index lookups (the page and its count), however large the archive. Elsewhere (SQLite)
        each word must appear somewhere in the case's text, newest first."""
        query = query.strip()
        if not query:
            return self
        if re.fullmatch(r"\d{4}-\d{1,6}", query):
            return self.filter(number__contains=query)
        if connections[self.db].vendor == "postgresql":
            search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
            # Filtered with @@ (the index) and ranked apart, so the page's COUNT(*) needs no rank.
            return (
                self.filter(search_document=search_query)
                .annotate(search_rank=SearchRank(models.F("search_document"), search_query))
                .order_by("-search_rank", "-published_at", "-id")
            )
        words = re.findall(r"\w+", query)
        if not words:
            return self.none()
        return self.filter(*(Q(search_document__icontains=word) for word in words)).order_by("-published_at", "-id")


class SearchDocument(models.Func):
    """The text a word search looks in, kept by the database in `Case.search_document`.

    On PostgreSQL it is a tsvector of the title (weight A), summary (B) and location (C), so the
    ranking puts a title match first. SQLite has no text search: there it is the three texts
    joined by spaces, and `CaseQuerySet.search` finds each word in it."""

    output_field = SearchVectorField()
    _WEIGHTS = ("A", "B", "C")

    def __init__(self, title: str, summary: str, location: str) -> None:
        super().__init__(models.F(title), models.F(summary), models.F(location))

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        vectors = [
            SearchVector(expression, weight=weight, config=SEARCH_CONFIG)
            for expression, weight in zip(self.get_source_expressions(), self._WEIGHTS, strict=True)
        ]
        return compiler.compile(functools.reduce(operator.add, vectors))

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # The three fields are NOT NULL.
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" || ' ' || ")

    def as_sql(self, *args: Any, **kwargs: Any) -> Any:
        raise NotSupportedError("TipPortal runs on PostgreSQL, or SQLite for a first run.")


class Case(Publishable):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SOLVED = "solved", _("Solved")
        CLOSED = "closed", _("Closed")

    number = models.CharField(
        _("case number"),
        max_length=11,
        unique=True,
        validators=[RegexValidator(CASE_NUMBER_RE, _("Use the department's format: YYYY-NNNNNN."))],
        help_text=_("The department's case number, for example 2026-001234."),
    )
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    summary = models.TextField(
        _("summary"), help_text=_("What happened and what we need to know. Markdown: *emphasis*, lists, links.")
    )
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT)
    location_text = models.CharField(
        _("location"), max_length=200, blank=True, help_text=_("Optional, for example '400 block of Main St'.")
    )
    incident_at = models.DateTimeField(_("incident date and time"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    reward = models.DecimalField(
        _("reward (USD)"), max_digits=9, decimal_places=2, null=True, blank=True, help_text=_("Leave empty for none.")
    )
    comments_open = models.BooleanField(_("open for comments"), default=True)
    comments_premoderated = models.BooleanField(
        _("review every comment first"),
        default=False,
        help_text=_("For a sensitive case (a missing child, a fatal crash): every new comment waits for a moderator."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last changed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    # Kept by the database; on PostgreSQL its GIN index (made by its migration) serves word searches.
    search_document = models.GeneratedField(
        expression=SearchDocument("title", "summary", "location_text"), output_field=SearchVectorField(),
        db_persist=True,
    )  # fmt: skip

    # The stubs read the manager Publishable declares as a class variable; this one extends it.
    objects = CaseQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["is_published", "status", "-published_at"]),
            models.Index(fields=["status", "-solved_at"]),
            # Published cases newest first, with what the figures count: the list, the feeds and
            # the figures read this index alone, so they cost the same for 2,000 or 20,000 cases.
            models.Index(
                fields=["-published_at", "-id", "status", "area", "category"],
                condition=Q(is_published=True),
                name="case_published_idx",
            ),
        ]
        permissions = [("solve_case", _("Can mark cases solved or reopen them and post updates"))]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", kwargs={"slug": self.slug})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def takes_comments(self) -> bool:
        """The one place that decides whether people may comment on this case."""
        return self.comments_open and self.status != self.Status.CLOSED

    def lead_still(self) -> "Still | None":
        # Reads the prefetched stills when present, so case cards cost no extra query.
        stills = list(self.stills.all())
        return stills[0] if stills else None


class Still(HasRenditions):
    """A camera still of a suspect or scene, shown in the case gallery."""

    originals_folder = "stills"  # in the originals storage (media/storage.py)
    renditions_folder = "stills/renditions"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stills")
    image = models.ImageField(_("image"), upload_to=upload_original, storage=originals)
    alt_text = models.CharField(
        _("alt text"), max_length=250, help_text=_("What the image shows, for people who cannot see it.")
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("still")
        verbose_name_plural = _("stills")

    def __str__(self) -> str:
        return self.caption or self.alt_text


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{5,12}$")


def parse_video_link(url: str) -> tuple[str, str] | None:
    """Return ("youtube"|"vimeo", video id) for a YouTube or Vimeo link, or None."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/")
    candidate = None
    provider = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        provider = "youtube"
        if path == "watch":
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif path.split("/")[0] in ("embed", "shorts", "live", "v"):
            candidate = path.split("/")[1] if "/" in path else ""
    elif host == "youtu.be":
        provider, candidate = "youtube", path.split("/")[0]
    elif host in ("vimeo.com", "player.vimeo.com"):
        provider, candidate = "vimeo", path.split("/")[-1]
    if provider == "youtube" and candidate and _YOUTUBE_ID.match(candidate):
        return provider, candidate
    if provider == "vimeo" and candidate and _VIMEO_ID.match(candidate):
        return provider, candidate
    return None


class Video(models.Model):
    """Either an uploaded clip (MP4/WebM) or a link to YouTube or Vimeo.

    The upload (`file`) is kept as it came, with no URL; the public sees `public_file`, the same
    video remuxed by the worker without its metadata, and `poster`, one frame of it."""

    Renditions = RenditionStatus
    originals_folder = "videos"  # in the originals storage (media/storage.py)
    renditions_folder = "videos/renditions"
    posters_folder = "videos/posters"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="videos")
    title = models.CharField(_("title"), max_length=160, blank=True)
    file = models.FileField(
        _("video file"), upload_to=upload_original, storage=originals, blank=True,
        help_text=_("MP4 or WebM."),
    )  # fmt: skip
    public_file = models.FileField(_("video for the public"), blank=True, editable=False)
    renditions_status = models.CharField(
        _("preparation"), max_length=10, choices=RenditionStatus.choices, default=RenditionStatus.NONE,
        editable=False,
    )  # fmt: skip
    external_url = models.URLField(_("YouTube or Vimeo link"), blank=True)
    description = models.CharField(
        _("description"), max_length=250, blank=True, help_text=_("What the video shows, for people who cannot see it.")
    )
    poster = models.ImageField(_("poster frame"), blank=True, editable=False)
    position = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def __str__(self) -> str:
        return self.title or self.external_url or self.file.name or ""

    def clean(self) -> None:
        if bool(self.file) == bool(self.external_url):
            raise ValidationError(_("Upload a video file or give a YouTube/Vimeo link (one of the two)."))
        if self.external_url and parse_video_link(self.external_url) is None:
            raise ValidationError({"external_url": _("This is not a YouTube or Vimeo video link.")})

    @property
    def embed(self) -> dict[str, Any] | None:
        """Privacy-enhanced player address for a linked video, framed only after a click."""
        parsed = parse_video_link(self.external_url) if self.external_url else None
        if parsed is None:
            return None
        provider, video_id = parsed
        if provider == "youtube":
            return {"provider": "YouTube", "src": f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1"}
        return {"provider": "Vimeo", "src": f"https://player.vimeo.com/video/{video_id}?dnt=1&autoplay=1"}

    @property
    def mime_type(self) -> str:
        return "video/webm" if (self.public_file.name or "").lower().endswith(".webm") else "video/mp4"

    @property
    def media_key(self) -> str:
        """Names this video on a page ("video-4"), so site.js can swap in its public copy."""
        return f"video-{self.pk}"

    @property
    def is_being_prepared(self) -> bool:
        """An upload the worker has not made public yet: the page shows a placeholder."""
        return bool(self.file) and not self.public_file and self.renditions_status == RenditionStatus.PENDING

    def stored_files(self) -> StoredFiles:
        """The upload, and the public copy and poster made from it, in their storages."""
        return StoredFiles(
            originals=tuple(filter(None, [self.file.name])),
            derived=tuple(name for name in (self.public_file.name, self.poster.name) if name),
        )


class CaseUpdate(models.Model):
    """A public entry on the case's timeline."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("Update")
        SOLVED = "solved", _("Solved")
        REOPENED = "reopened", _("Reopened")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.UPDATE)
    body = models.TextField(_("update"), max_length=2000)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("public update")
        verbose_name_plural = _("public updates")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:60]}"
