"""The reading room's data: outlets, articles, claimants, claims and the annotations that tie them.

An Annotation is one mention of a canonical Claim in one Article: the passage (code-point offsets
into the stored body, plus quote and context for re-anchoring), who made the claim (claimant),
through whom it reached the outlet (attribution chain), the claimant's stance and the outlet's
framing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, HashIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Left
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from articles.outlet_registry import COUNTRY_CHOICES

QUOTE_CONTEXT_CHARS = 32
# How much of a claim's normalised wording its prefix index holds (btree entries are capped).
PREFIX_CHARS = 100

# The date-times Python can read back from PostgreSQL (which itself stores 4713 BC to 294276 AD).
STORABLE_RANGE = (
    datetime(1, 1, 2, tzinfo=UTC),
    datetime(9999, 12, 30, 23, 59, 59, tzinfo=UTC),
)


@cache
def _choice_labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    """A field's {value: lazy label}, built once: its labels stay lazy, so they follow the
    language of each request."""
    return dict(field.flatchoices)


class ChoicesModel(models.Model):
    """`get_FOO_display()` by a dictionary built once per field. Django's own rebuilds the
    dictionary on every call, hashing each lazy label (a translation lookup apiece): 25 list rows
    paid for about 400 translation lookups."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        value = getattr(self, field.attname)
        try:
            label = _choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value: Django's general path
            return super()._get_FIELD_display(field)  # type: ignore[misc]
        return force_str(label, strings_only=True)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Outlet(ChoicesModel):
    class Alignment(models.TextChoices):
        SYRIAN_STATE = "syrian_state", _("Syrian state media")
        SYRIAN_OPPOSITION = "syrian_opposition", _("Syrian opposition")
        KURDISH_ALIGNED = "kurdish_aligned", _("Kurdish-aligned")
        EGYPTIAN_PRIVATE = "egyptian_private", _("Egyptian private")
        EGYPTIAN_STATE = "egyptian_state", _("Egyptian state media")
        LEBANESE_PRO_DAMASCUS = "lebanese_pro_damascus", _("Lebanese pro-Damascus")
        SAUDI_STATE = "saudi_state", _("Saudi state media")
        SAUDI_PRIVATE = "saudi_private", _("Saudi private")
        GULF = "gulf", _("Gulf media")
        RUSSIAN_STATE = "russian_state", _("Russian state media")
        WESTERN = "western", _("Western media")
        INDEPENDENT = "independent", _("independent")
        UNKNOWN = "unknown", _("not yet assessed")

    class Kind(models.TextChoices):
        NEWS_AGENCY = "news_agency", _("news agency")
        NEWSPAPER = "newspaper", _("newspaper")
        WEBSITE = "website", _("website")
        BROADCASTER = "broadcaster", _("broadcaster")

    name_ar = models.CharField(_("Arabic name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = models.CharField(
        _("country"),
        max_length=100,
        blank=True,
        choices=COUNTRY_CHOICES,
        help_text=_("ISO 3166-1 code; shown in the interface language."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WEBSITE)
    alignment = models.CharField(
        _("alignment"), max_length=40, choices=Alignment.choices, default=Alignment.UNKNOWN
    )
    website = models.URLField(_("website"), blank=True)
    domains = ArrayField(
        models.CharField(max_length=253), blank=True, default=list, verbose_name=_("domains")
    )
    source_ids = ArrayField(
        models.CharField(max_length=100),
        blank=True,
        default=list,
        verbose_name=_("source ids"),
        help_text=_("Identifiers used for this outlet in imported data (e.g. 'sabq')."),
    )
    signatures = ArrayField(
        models.CharField(max_length=200),
        blank=True,
        default=list,
        verbose_name=_("text signatures"),
        help_text=_("Phrases in an article's text that identify this outlet (e.g. 'دمشق-سانا')."),
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        help_text=_("IANA zone in which the outlet's printed dates and times are read."),
    )
    needs_review = models.BooleanField(
        _("needs review"), default=False, help_text=_("Created automatically by an import.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name_en", "name_ar"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        indexes = [
            GinIndex(fields=["domains"], name="outlet_domains_gin"),
            GinIndex(fields=["source_ids"], name="outlet_source_ids_gin"),
        ]

    def __str__(self) -> str:
        return self.name_ar if not self.name_en else f"{self.name_ar} ({self.name_en})"

    def get_absolute_url(self) -> str:
        return reverse("article_list") + f"?outlet={self.slug}"


class ArticleQuerySet(models.QuerySet["Article"]):
    def for_listing(self, *, count_annotations: bool = True) -> ArticleQuerySet:
        """What a list of articles shows: no bodies, the outlet joined, mentions counted.

        `count_annotations=False` leaves the count out, for a caller that already has it
        (the article list reads its page's counts for its cache key)."""
        rows = (
            self.select_related("outlet")
            .defer(*Article.HEAVY_FIELDS)
            .annotate(lead=Left("body", 160))
        )
        if not count_annotations:
            return rows
        return rows.annotate(
            # A per-row subquery rather than a JOIN and GROUP BY: the newest-first index then
            # serves ORDER BY ... LIMIT directly, whatever the number of articles.
            annotation_count=Coalesce(
                Subquery(
                    Annotation.objects.filter(article=OuterRef("pk"))
                    .order_by()
                    .values("article")
                    .annotate(n=Count("*"))
                    .values("n")
                ),
                0,
            ),
        )

    def for_reading(self) -> ArticleQuerySet:
        """One article to read or annotate: its text and outlet, never its search vector."""
        return self.select_related("outlet").defer("search_vector")

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by(F("published_at").desc(nulls_last=True), "-created_at", "-id")


class Article(ChoicesModel):
    # Columns a list of articles never shows: kilobytes per row.
    HEAVY_FIELDS = ("body", "search_vector", "provenance", "boilerplate_spans")

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")
        OTHER = "other", _("other")

    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, related_name="articles", verbose_name=_("outlet")
    )
    title = models.TextField(_("title"), blank=True)
    body = models.TextField(_("body"), help_text=_("Exactly as imported; never rewritten."))
    url = models.URLField(_("source URL"), max_length=2000, blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_at_source = models.CharField(
        _("how the date was determined"),
        max_length=300,
        blank=True,
        help_text=_("e.g. 'text: أضيف بتاريخ :2017/10/11', 'field: date_extracted', 'editor'."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ARABIC
    )
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        help_text=_(
            "SHA-256 of the text after Unicode normalization and whitespace folding; once per "
            "outlet (another outlet's identical text is stored as a copy)."
        ),
    )
    provenance = models.JSONField(
        _("provenance"),
        default=dict,
        blank=True,
        help_text=_("What was inferred from the source and how (raw title, byline, dateline...)."),
    )
    boilerplate_spans = models.JSONField(
        _("boilerplate spans"),
        default=list,
        blank=True,
        help_text=_("[start, end, kind] code-point ranges of the body that are not article text."),
    )
    near_duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="near_duplicates",
        verbose_name=_("near duplicate of"),
    )
    copy_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        verbose_name=_("word-for-word copy of"),
        help_text=_("The same text, stored earlier from another outlet."),
    )
    search_vector = SearchVectorField(null=True, editable=False)
    # Set when an edit of a long text left its vector to the worker (articles.search.index):
    # until it is cleared, searches still see the text as it was before the edit.
    reindex_requested_at = models.DateTimeField(
        _("search index being rebuilt since"), null=True, blank=True, editable=False
    )
    import_batch = models.ForeignKey(
        "ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("import batch"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            GinIndex(fields=["search_vector"], name="article_search_gin"),
            models.Index(
                F("published_at").desc(nulls_last=True),
                F("created_at").desc(),
                F("id").desc(),
                name="article_newest",
            ),
            models.Index(fields=["outlet", "published_at"], name="article_outlet_date"),
            # Where and when each article is, without reading its row (bodies make rows wide):
            # the analysis pages join a claim's or claimant's mentions to these two columns.
            models.Index(fields=["id"], include=["outlet", "published_at"], name="article_placed"),
            # The few articles waiting for their index (recovery looks them up after a crash).
            models.Index(
                fields=["reindex_requested_at"],
                name="article_reindex_pending",
                condition=Q(reindex_requested_at__isnull=False),
            ),
        ]
        constraints = [
            # The index also serves the import's lookups by content_hash alone.
            models.UniqueConstraint(
                fields=["content_hash", "outlet"], name="article_text_once_per_outlet"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:80]

    def get_absolute_url(self) -> str:
        return reverse("article_detail", args=[self.pk])

    def part_text(self, part: str) -> str:
        """The stored text an annotation's offsets count in: the body, the title or the byline."""
        return {"body": self.body, "title": self.title, "byline": self.author}[part]


class Claimant(ChoicesModel):
    """A claimant or an intermediary: a ministry, a spokesperson, an agency, an armed group."""

    class Kind(models.TextChoices):
        STATE_BODY = "state_body", _("state body")
        MILITARY = "military", _("military")
        NEWS_AGENCY = "news_agency", _("news agency")
        OUTLET = "outlet", _("outlet")
        PERSON = "person", _("person")
        ARMED_GROUP = "armed_group", _("armed group")
        NGO = "ngo", _("NGO")
        OTHER = "other", _("other")

    name_ar = models.CharField(_("Arabic name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    aliases = ArrayField(
        models.CharField(max_length=300),
        blank=True,
        default=list,
        verbose_name=_("aliases"),
        help_text=_("Other names, in any language (داعش / تنظيم الدولة / ISIS)."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("belongs to"),
    )
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claimants",
        verbose_name=_("outlet"),
        help_text=_("When this claimant is itself an outlet in the database."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name_ar"]
        verbose_name = _("claimant")
        verbose_name_plural = _("claimants")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="claimant_not_own_parent"),
        ]
        indexes = [GinIndex(fields=["aliases"], name="claimant_aliases_gin")]

    def __str__(self) -> str:
        return self.name_ar if not self.name_en else f"{self.name_ar} ({self.name_en})"

    @property
    def all_names(self) -> list[str]:
        return [n for n in [self.name_ar, self.name_en, *self.aliases] if n]


class ClaimantName(models.Model):
    """One of a claimant's names or aliases in its matching form (`arabic.normalize`), kept by
    `articles.claims.lookup` on every save: find-or-create reads it by equality, suggestions by
    prefix (btree) and by trigrams, instead of normalising every claimant in Python."""

    claimant = models.ForeignKey(
        Claimant, on_delete=models.CASCADE, related_name="normal_names", verbose_name=_("claimant")
    )
    name = models.CharField(_("normalised name"), max_length=300)

    class Meta:
        verbose_name = _("claimant name")
        verbose_name_plural = _("claimant names")
        constraints = [
            models.UniqueConstraint(fields=["claimant", "name"], name="claimant_name_unique")
        ]
        indexes = [
            models.Index(
                fields=["name"], name="claimant_name_prefix", opclasses=["varchar_pattern_ops"]
            ),
            GinIndex(fields=["name"], name="claimant_name_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return self.name


class Claim(models.Model):
    """A canonical proposition, linked from every article and outlet that carries it."""

    text_ar = models.TextField(_("claim (Arabic)"))
    gloss_en = models.TextField(_("English gloss"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims", verbose_name=_("tags"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Kept by `articles.claims.lookup` on every save: the wording's matching form (equality for
    # find-or-create, trigrams for suggestions) and its analysed content words (candidates for a
    # passage).
    text_normalized = models.TextField(_("normalised claim"), default="", editable=False)
    terms = ArrayField(
        models.TextField(), default=list, editable=False, verbose_name=_("analysed words")
    )

    class Meta:
        ordering = ["text_ar"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        permissions = [("merge_claim", _("Can merge claims"))]
        indexes = [
            # A hash index: btree entries are capped near 2.7 kB, and a wording may be longer.
            HashIndex(fields=["text_normalized"], name="claim_text_normalized_hash"),
            GinIndex(
                fields=["text_normalized"], name="claim_text_trgm", opclasses=["gin_trgm_ops"]
            ),
            GinIndex(fields=["terms"], name="claim_terms_gin"),
            models.Index(
                OpClass(Left("text_normalized", PREFIX_CHARS), name="text_pattern_ops"),
                name="claim_text_prefix",
            ),
        ]

    def __str__(self) -> str:
        return self.text_ar if len(self.text_ar) <= 120 else self.text_ar[:117] + "…"


class ClaimRelation(ChoicesModel):
    class Kind(models.TextChoices):
        CONTRADICTS = "contradicts", _("contradicts")
        REFINES = "refines", _("refines")
        SAME_EVENT = "same_event", _("same event")

    from_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("claim")
    )
    to_claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="relations_in",
        verbose_name=_("related claim"),
    )
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("related by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim relation")
        verbose_name_plural = _("claim relations")
        constraints = [
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"], name="claim_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")), name="claim_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_claim} — {self.get_kind_display()} — {self.to_claim}"


class ClaimVerdict(ChoicesModel):
    """A lead reviewer's verdict on a claim, as a fact-checker publishes it (schema.org
    ClaimReview). Recording another verdict adds a row: the newest is the claim's verdict, the
    older ones its history."""

    class Rating(models.TextChoices):
        TRUE = "true", _("true")
        MOSTLY_TRUE = "mostly_true", _("mostly true")
        MIXED = "mixed", _("mixed")
        MISLEADING = "misleading", _("misleading")
        FALSE = "false", _("false")
        UNPROVEN = "unproven", _("unproven")

    # The numeric scale a ClaimReview carries (worst 1, best 5). "Unproven" says nothing about
    # truth, so it has no place on the scale and no ratingValue.
    SCALE: dict[str, int] = {
        "false": 1,
        "misleading": 2,
        "mixed": 3,
        "mostly_true": 4,
        "true": 5,
    }
    WORST, BEST = 1, 5

    # A merge deletes the merged-away claim: its verdicts stay (claim emptied, `claim_ref`
    # kept) and return to it when the merge is undone. They were given on its wording.
    claim = models.ForeignKey(
        Claim,
        null=True,
        on_delete=models.SET_NULL,
        related_name="verdicts",
        verbose_name=_("claim"),
    )
    claim_ref = models.BigIntegerField(
        _("claim id"), help_text=_("Kept when the claim itself is merged away or deleted.")
    )
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    explanation = models.TextField(_("explanation"))
    reviewed_on = models.DateField(_("date of the verdict"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["claim_ref", "-recorded_at", "-id"]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        permissions = [("record_verdict", _("Can record a verdict on a claim"))]
        indexes = [
            models.Index(
                F("claim"), F("recorded_at").desc(), F("id").desc(), name="verdict_claim_newest"
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.get_rating_display()}"

    @property
    def rating_value(self) -> int | None:
        return self.SCALE.get(self.rating)


class AnnotationQuerySet(models.QuerySet["Annotation"]):
    def claim_mentions(self) -> AnnotationQuerySet:
        """Mentions of a claim: without the imported highlights still awaiting one (what the
        analysis pages count)."""
        return self.filter(claim__isnull=False)

    def with_details(self, *, join_article: bool = True) -> AnnotationQuerySet:
        """Everything an annotation list shows, in a fixed number of queries.

        The article comes without its text and search vector: a list needs its title and outlet,
        and each row would otherwise carry kilobytes of both (per annotation, not per article).
        `join_article=False` leaves it out altogether, for `article.annotations`, whose rows
        already know their article (on an article page, that join was nearly half of the
        query's cost when the article has no annotations).
        """
        details = self.select_related("claim", "claimant", "author").prefetch_related(
            "tags",
            models.Prefetch(
                "chain",
                queryset=AttributionStep.objects.select_related("claimant").order_by("position"),
            ),
        )
        if not join_article:
            return details
        return details.select_related("article__outlet").defer(
            *(f"article__{name}" for name in Article.HEAVY_FIELDS)
        )


class Annotation(ChoicesModel):
    """One mention of a claim in an article."""

    class Stance(models.TextChoices):
        ASSERTS = "asserts", _("asserts")
        DENIES = "denies", _("denies")
        QUESTIONS = "questions", _("questions")
        REPORTS = "reports", _("reports")

    class Framing(models.TextChoices):
        ENDORSES = "endorses", _("endorses")
        NEUTRAL = "neutral", _("neutral")
        DISPUTES = "disputes", _("disputes")

    class Part(models.TextChoices):
        """Which stored text of the article the span's offsets count in."""

        BODY = "body", _("body")
        TITLE = "title", _("headline")
        BYLINE = "byline", _("byline")

    class ReviewStatus(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONFIRMED = "confirmed", _("confirmed")
        DISPUTED = "disputed", _("disputed")
        REJECTED = "rejected", _("rejected")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="annotations", verbose_name=_("article")
    )
    part = models.CharField(
        _("part of the article"),
        max_length=10,
        choices=Part.choices,
        default=Part.BODY,
        help_text=_("The text the offsets count in: the body, the title (headline) or the byline."),
    )
    start = models.IntegerField(
        _("start"), help_text=_("Code-point offset into the stored text of the part.")
    )
    end = models.IntegerField(_("end"), help_text=_("Code-point offset, exclusive."))
    quote = models.TextField(_("quote"))
    prefix = models.CharField(_("prefix"), max_length=QUOTE_CONTEXT_CHARS, blank=True)
    suffix = models.CharField(_("suffix"), max_length=QUOTE_CONTEXT_CHARS, blank=True)
    is_orphan = models.BooleanField(
        _("orphaned"),
        default=False,
        help_text=_("The body changed and the quote could not be found again."),
    )
    # None: a highlight awaiting a claim (an imported Hypothesis annotation); a reviewer
    # completes it before it can be confirmed.
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annotations",
        verbose_name=_("claim"),
    )
    claimant = models.ForeignKey(
        Claimant,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims_made",
        verbose_name=_("claimant"),
    )
    stance = models.CharField(
        _("claimant's stance"), max_length=20, choices=Stance.choices, default=Stance.ASSERTS
    )
    framing = models.CharField(
        _("outlet's framing"), max_length=20, choices=Framing.choices, default=Framing.NEUTRAL
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="annotations", verbose_name=_("tags")
    )
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="annotations",
        verbose_name=_("author"),
    )
    review_status = models.CharField(
        _("review status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start", "end", "id"]
        verbose_name = _("annotation")
        verbose_name_plural = _("annotations")
        permissions = [
            ("review_annotation", _("Can confirm or dispute other reviewers' annotations")),
            ("edit_any_annotation", _("Can edit any reviewer's annotation")),
            ("resolve_dispute", _("Can resolve disputed annotations")),
            ("view_agreement", _("Can see agreement between reviewers")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(start__gte=0), name="annotation_start_not_negative"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="annotation_end_after_start"
            ),
            # The triggers pick the column the offsets count in from `part`.
            models.CheckConstraint(
                condition=Q(part__in=["body", "title", "byline"]), name="annotation_part_known"
            ),
            # "end beyond the text" needs the article's lengths: triggers (migrations 0002, 0017).
            # Python (and so every page) cannot read a year outside 1-9999 back (issue 20, item 3).
            models.CheckConstraint(
                condition=Q(created_at__range=STORABLE_RANGE) & Q(updated_at__range=STORABLE_RANGE),
                name="annotation_dates_readable",
            ),
        ]
        indexes = [
            models.Index(fields=["article", "start"], name="annotation_article_start"),
            models.Index(fields=["claim", "article"], name="annotation_claim_article"),
        ]

    def __str__(self) -> str:
        where = "" if self.part == self.Part.BODY else f"{self.part}:"
        return f"{self.claim} @ {self.article_id}:{where}{self.start}-{self.end}"

    def get_absolute_url(self) -> str:
        return reverse("article_detail", args=[self.article_id]) + f"#annotation-{self.pk}"


class AttributionStep(models.Model):
    """One link of an attribution chain: the outlet → the agency it cites → the original speaker."""

    annotation = models.ForeignKey(
        Annotation, on_delete=models.CASCADE, related_name="chain", verbose_name=_("annotation")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    claimant = models.ForeignKey(
        Claimant, on_delete=models.PROTECT, related_name="relays", verbose_name=_("claimant")
    )

    class Meta:
        ordering = ["annotation", "position"]
        verbose_name = _("attribution step")
        verbose_name_plural = _("attribution steps")
        constraints = [
            models.UniqueConstraint(
                fields=["annotation", "position"], name="attribution_step_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.claimant}"


class MentionTally(models.Model):
    """Mentions of claims counted per (outlet or claimant) × claim, by stance and framing, kept
    exact by triggers on annotations and articles (migration 0023) in the writing transaction.

    `kind` says what `row_id` is: "o" an outlet (every mention, through its article), "c" a
    claimant (attributed mentions). `row_id` 0 is the claim's total over all rows and `claim_id`
    0 the row's total over all claims; totals have an empty stance and framing. A count that
    falls to 0 is removed. The unfiltered matrix ranks and draws from these few rows instead of
    grouping every mention; filtered views count the mentions themselves.
    """

    pk = models.CompositePrimaryKey("kind", "row_id", "claim_id", "stance", "framing")
    kind = models.CharField(max_length=1)
    row_id = models.BigIntegerField()
    claim_id = models.BigIntegerField()
    stance = models.CharField(max_length=20)
    framing = models.CharField(max_length=20)
    n = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["kind", "claim_id", "row_id"], name="mention_tally_by_claim"),
            # What the triggers sweep after each write: the counts that fell to 0.
            models.Index(fields=["kind"], condition=Q(n=0), name="mention_tally_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}{self.row_id}×{self.claim_id} {self.stance}/{self.framing}: {self.n}"


class AnnotationRevision(ChoicesModel):
    """A change to an annotation: who, when, what changed, and the state after it."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        DELETED = "deleted", _("deleted")
        REVIEWED = "reviewed", _("reviewed")

    annotation = models.ForeignKey(
        Annotation,
        null=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
        verbose_name=_("annotation"),
    )
    annotation_ref = models.BigIntegerField(
        _("annotation id"), help_text=_("Kept when the annotation itself is deleted.")
    )
    version = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["annotation_ref", "created_at", "id"]
        verbose_name = _("annotation revision")
        verbose_name_plural = _("annotation revisions")
        indexes = [models.Index(fields=["annotation_ref", "version"], name="revision_ref_version")]

    def __str__(self) -> str:
        return _("#%(ref)s, version %(v)s, %(action)s") % {
            "ref": self.annotation_ref,
            "v": self.version,
            "action": self.get_action_display(),
        }


class ReviewDecision(ChoicesModel):
    """A reviewer confirming or disputing an annotation, or a lead resolving a dispute."""

    class Decision(models.TextChoices):
        CONFIRM = "confirm", _("confirmed")
        DISPUTE = "dispute", _("disputed")
        RESOLVE_CONFIRM = "resolve_confirm", _("dispute resolved: confirmed")
        RESOLVE_REJECT = "resolve_reject", _("dispute resolved: rejected")

    annotation = models.ForeignKey(
        Annotation, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("annotation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="review_decisions",
        verbose_name=_("reviewer"),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["annotation", "created_at", "id"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")

    def __str__(self) -> str:
        return f"{self.get_decision_display()} #{self.annotation_id}"


class LoginFailure(models.Model):
    """A failed login, for throttling (kept in the database so every server process sees it)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.username} {self.ip} {self.created_at:%Y-%m-%d %H:%M}"


class ImportBatch(ChoicesModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        INTERRUPTED = "interrupted", _("interrupted")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
        verbose_name=_("created by"),
    )
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
        verbose_name=_("outlet for the whole upload"),
    )
    source_files = models.JSONField(_("source files"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("items found"), default=0)
    processed = models.PositiveIntegerField(_("items processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    copies = models.PositiveIntegerField(
        _("copies"),
        default=0,
        help_text=_("Of the articles created, word-for-word copies of another outlet's article."),
    )
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    failed = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(
        _("errors"), default=list, blank=True, help_text=_("[{file, entry, reason}, ...]")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()} ({self.created}/{self.total})"

    @property
    def progress_percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.processed / self.total))

    @property
    def is_waiting(self) -> bool:
        """Queued, or started without having counted its items: no fraction to show yet."""
        return self.status == self.Status.PENDING or (
            self.status == self.Status.RUNNING and not self.total
        )

    def report(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "errors": self.errors,
        }


class AnnotationImport(models.Model):
    """A W3C Web Annotation file waiting for, or imported by, the background worker."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("imported by"),
    )
    name = models.CharField(_("file name"), max_length=500)
    data = models.BinaryField(_("content"), blank=True, default=b"")
    room_hosts = models.JSONField(_("room hosts"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created = models.PositiveIntegerField(_("created"), default=0)
    already_present = models.PositiveIntegerField(_("already present"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # A dry run writes nothing: its report says what an import would create, match and refuse.
    dry_run = models.BooleanField(_("dry run"), default=False)
    report = models.JSONField(_("report"), default=dict, blank=True)
    # Big files are streamed to disk (settings.IMPORT_UPLOAD_DIR) rather than kept in `data`.
    path = models.CharField(_("file on disk"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("annotation import")
        verbose_name_plural = _("annotation imports")

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"


class ClaimRelationRemoval(models.Model):
    """The trace a removed claim relation leaves: what it was, who made it, who removed it."""

    from_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="+", verbose_name=_("claim")
    )
    to_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="+", verbose_name=_("related claim")
    )
    kind = models.CharField(_("relation"), max_length=20, choices=ClaimRelation.Kind.choices)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("related by"),
    )
    related_at = models.DateTimeField(_("related at"))
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("removed by"),
    )
    removed_at = models.DateTimeField(_("removed at"), auto_now_add=True)

    class Meta:
        ordering = ["-removed_at"]
        verbose_name = _("removed claim relation")
        verbose_name_plural = _("removed claim relations")

    def __str__(self) -> str:
        return f"{self.from_claim_id} {self.kind} {self.to_claim_id} (removed)"


class ClaimMerge(models.Model):
    """One claim merged into another: what moved, so that the merge can be undone exactly."""

    source_ref = models.BigIntegerField(
        _("merged claim id"), help_text=_("The id the merged-away claim had (restored on undo).")
    )
    source_snapshot = models.JSONField(
        _("merged claim"),
        default=dict,
        help_text=_("Its fields and tags at the time of the merge."),
    )
    target = models.ForeignKey(
        Claim,
        null=True,
        on_delete=models.SET_NULL,
        related_name="merges_in",
        verbose_name=_("merged into"),
    )
    moved = models.JSONField(
        _("what moved"),
        default=dict,
        help_text=_("Annotation ids, relations re-pointed or dropped, tags added to the target."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("merged by"),
    )
    created_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("claim merge")
        verbose_name_plural = _("claim merges")

    def __str__(self) -> str:
        return f"#{self.source_ref} → #{self.target_id}"


class ImportItem(ChoicesModel):
    """One file (or zip entry) of an import batch: how far it got, for the report and resuming."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="items", verbose_name=_("import batch")
    )
    name = models.CharField(_("file"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)
    entries = models.PositiveIntegerField(_("entries found"), default=0)
    done_entries = models.PositiveIntegerField(_("entries processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    failed = models.PositiveIntegerField(_("errors"), default=0)
    notes = models.JSONField(
        _("duplicates and skipped entries"),
        default=list,
        blank=True,
        help_text=_("[{entry, kind, reason, article}, ...]"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["batch", "id"]
        verbose_name = _("import item")
        verbose_name_plural = _("import items")
        constraints = [
            models.UniqueConstraint(fields=["batch", "name"], name="import_item_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ImportUpload(models.Model):
    """A file uploaded through the admin, kept in the database until its batch has run."""

    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.CASCADE,
        related_name="uploads",
        verbose_name=_("import batch"),
    )
    name = models.CharField(_("file name"), max_length=500)
    size = models.PositiveBigIntegerField(_("size"))
    data = models.BinaryField(_("content"), blank=True, default=b"")
    # Files uploaded since issue 20 are streamed to disk (settings.IMPORT_UPLOAD_DIR) instead.
    path = models.CharField(_("file on disk"), max_length=1000, blank=True)

    class Meta:
        ordering = ["batch", "id"]
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")

    def __str__(self) -> str:
        return self.name


class ArticleSketch(models.Model):
    """An article's MinHash signature and LSH band keys, for finding near duplicates."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="sketch"
    )
    signature = ArrayField(models.BigIntegerField())
    bands = ArrayField(models.BigIntegerField())

    class Meta:
        verbose_name = _("near-duplicate sketch")
        verbose_name_plural = _("near-duplicate sketches")
        indexes = [GinIndex(fields=["bands"], name="article_sketch_bands_gin")]

    def __str__(self) -> str:
        return f"sketch of {self.article_id}"


class AttributionProposal(ChoicesModel):
    """An attribution the extractor found in an article, waiting for a reviewer's decision.

    Accepting one creates a draft Annotation; rejecting one is remembered by its `fingerprint`
    (the claimant, the cue's lemma and the quote, normalised, and which occurrence of that triple
    in the article), so that re-extraction after a new extractor version or an edited body does
    not propose it again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        EDITED = "edited", _("edited, then accepted")
        REJECTED = "rejected", _("rejected")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("article")
    )
    claimant = models.CharField(_("claimant as written"), max_length=300)
    claimant_start = models.IntegerField(_("claimant start"), null=True, blank=True)
    claimant_end = models.IntegerField(_("claimant end"), null=True, blank=True)
    antecedent = models.BooleanField(
        _("claimant from an earlier sentence"),
        default=False,
        help_text=_("The verb's subject is a pronoun; the claimant is the speaker named before."),
    )
    cue = models.CharField(_("cue"), max_length=100)
    cue_lemma = models.CharField(_("cue lemma"), max_length=100, db_index=True)
    cue_start = models.IntegerField(_("cue start"))
    cue_end = models.IntegerField(_("cue end"))
    start = models.IntegerField(_("start"), help_text=_("Code-point offset into the stored body."))
    end = models.IntegerField(_("end"), help_text=_("Code-point offset, exclusive."))
    quote = models.TextField(_("quote"))
    chain = ArrayField(
        models.CharField(max_length=300),
        default=list,
        blank=True,
        verbose_name=_("attribution chain"),
        help_text=_("Names as written, from the first source cited to the claimant."),
    )
    confidence = models.FloatField(_("confidence"))
    extractor_version = models.CharField(_("extractor version"), max_length=40)
    fingerprint = models.CharField(_("fingerprint"), max_length=40)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    annotation = models.ForeignKey(
        Annotation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        verbose_name=_("annotation"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["article", "start", "cue_start", "id"]
        verbose_name = _("attribution proposal")
        verbose_name_plural = _("attribution proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"], name="proposal_unique_fingerprint"
            ),
            models.CheckConstraint(condition=Q(start__gte=0), name="proposal_start_not_negative"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="proposal_end_after_start"
            ),
        ]
        indexes = [
            models.Index(
                fields=["article", "start"],
                condition=Q(status="pending"),
                name="proposal_pending_article",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claimant} — {self.cue} @ {self.article_id}:{self.start}-{self.end}"

    @property
    def decided(self) -> bool:
        return self.status != self.Status.PENDING


class ProposalExtraction(models.Model):
    """When an article's proposals were last extracted, by which extractor, from which body."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="proposal_extraction"
    )
    extractor_version = models.CharField(_("extractor version"), max_length=40)
    body_hash = models.CharField(_("body hash"), max_length=32)
    extracted_at = models.DateTimeField(_("extracted at"))

    class Meta:
        verbose_name = _("proposal extraction")
        verbose_name_plural = _("proposal extractions")

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.extractor_version}"


class OutletRules(models.Model):
    """An outlet's extraction rules: CSS selectors tried before the generic extraction
    (`articles.ingest.webpage.OutletRules`), set in the admin on the outlet's page."""

    outlet = models.OneToOneField(
        Outlet, on_delete=models.CASCADE, related_name="rules", verbose_name=_("outlet")
    )
    body_selector = models.CharField(_("body selector"), max_length=500, blank=True)
    title_selector = models.CharField(_("title selector"), max_length=500, blank=True)
    date_selector = models.CharField(_("date selector"), max_length=500, blank=True)
    author_selector = models.CharField(_("author selector"), max_length=500, blank=True)
    drop_selectors = models.TextField(
        _("selectors to drop"),
        blank=True,
        help_text=_("One CSS selector per line: elements removed before the body is read."),
    )
    timezone = models.CharField(
        _("time zone of printed dates"),
        max_length=64,
        blank=True,
        help_text=_("IANA zone; empty: the outlet's own time zone."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("extraction rules")
        verbose_name_plural = _("extraction rules")

    def __str__(self) -> str:
        return str(self.outlet)

    def selectors(self) -> dict[str, str]:
        return {
            "body": self.body_selector,
            "title": self.title_selector,
            "date": self.date_selector,
            "author": self.author_selector,
        }

    @property
    def drop_list(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.drop_selectors.splitlines() if line.strip())


class SourceQuerySet(models.QuerySet["Source"]):
    def due(self, *, now: Any) -> SourceQuerySet:
        return self.filter(paused=False).filter(
            Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
        )


class Source(ChoicesModel):
    """A feed or sitemap of one outlet, polled by the background worker."""

    class Kind(models.TextChoices):
        AUTO = "auto", _("recognise automatically")
        RSS = "rss", _("RSS 2.0")
        ATOM = "atom", _("Atom")
        RDF = "rdf", _("RDF / RSS 1.0")
        SITEMAP = "sitemap", _("sitemap")
        NEWS_SITEMAP = "news_sitemap", _("Google news sitemap")
        SITEMAP_INDEX = "sitemap_index", _("sitemap index")

    outlet = models.ForeignKey(
        Outlet, on_delete=models.CASCADE, related_name="sources", verbose_name=_("outlet")
    )
    url = models.URLField(_("feed or sitemap address"), max_length=2000, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.AUTO)
    detected_kind = models.CharField(_("kind found"), max_length=20, blank=True)
    poll_interval = models.PositiveIntegerField(
        _("poll every (minutes)"), default=30, help_text=_("At least one minute.")
    )
    paused = models.BooleanField(_("paused"), default=False)
    etag = models.CharField(_("ETag"), max_length=500, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True, editable=False)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    items_seen = models.PositiveIntegerField(_("items seen"), default=0, editable=False)
    articles_created = models.PositiveIntegerField(_("articles created"), default=0, editable=False)
    last_report = models.JSONField(_("last poll"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["outlet", "url"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        indexes = [models.Index(fields=["paused", "next_poll_at"], name="source_due")]
        constraints = [
            models.CheckConstraint(condition=Q(poll_interval__gte=1), name="source_interval_min")
        ]

    def __str__(self) -> str:
        return self.url


class FetchedPage(models.Model):
    """A fetched page as it was served: its bytes (zlib), content-addressed by their SHA-256."""

    sha256 = models.CharField(_("SHA-256 of the bytes"), max_length=64, unique=True)
    url = models.URLField(_("requested address"), max_length=2000)
    final_url = models.URLField(_("final address"), max_length=2000)
    status = models.PositiveSmallIntegerField(_("HTTP status"))
    headers = models.JSONField(_("response headers"), default=dict, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    content = models.BinaryField(_("content (zlib)"))
    fetched_at = models.DateTimeField(_("fetched at"))

    class Meta:
        ordering = ["-fetched_at"]
        verbose_name = _("archived page")
        verbose_name_plural = _("archived pages")

    def __str__(self) -> str:
        return f"{self.final_url} ({self.fetched_at:%Y-%m-%d %H:%M})"

    def raw(self) -> bytes:
        import zlib

        return zlib.decompress(bytes(self.content))


class HostTurn(models.Model):
    """Whose turn it is to fetch from one host, shared by every process (`ingest.fetch`).

    A fetcher takes the turn by setting `available_at` to the end of its lease (its fetch's
    deadline) and gives it back by setting it to the end of the politeness delay; a process
    that dies holding it loses it when the lease runs out."""

    host = models.CharField(_("host"), max_length=300, primary_key=True)
    available_at = models.DateTimeField(_("next request allowed at"))
    holder = models.CharField(_("held by"), max_length=32, blank=True, default="")

    class Meta:
        verbose_name = _("host turn")
        verbose_name_plural = _("host turns")

    def __str__(self) -> str:
        return self.host


class FeedItem(ChoicesModel):
    """An address a source listed (or a reviewer pasted), and what became of it."""

    class Status(models.TextChoices):
        IMPORTED = "imported", _("imported")
        DUPLICATE = "duplicate", _("duplicate")
        SKIPPED = "skipped", _("skipped")
        FAILED = "failed", _("failed")

    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        verbose_name=_("source"),
    )
    url = models.URLField(_("address"), max_length=2000, unique=True)
    guid = models.CharField(_("GUID"), max_length=2000, blank=True)
    listed_updated = models.CharField(_("date the feed gave"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_items",
        verbose_name=_("article"),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    class Meta:
        ordering = ["-first_seen_at", "-id"]
        verbose_name = _("feed item")
        verbose_name_plural = _("feed items")

    def __str__(self) -> str:
        return self.url


class ArticleVersion(models.Model):
    """The text of an article as one fetch found it; a new version when a re-fetch differs."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="versions", verbose_name=_("article")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.TextField(_("title"), blank=True)
    body = models.TextField(_("body"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    fetched_page = models.ForeignKey(
        FetchedPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="versions",
        verbose_name=_("archived page"),
    )
    reanchor = models.JSONField(
        _("annotations re-anchored"),
        default=dict,
        blank=True,
        help_text=_("{kept, moved, orphaned}: annotation ids, when this version replaced a body."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["article", "number"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"
