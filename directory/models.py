"""What the directory holds: countries, fields of cooperation, places, organisations, twinnings."""

import calendar
import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory import i18n
from directory.paths import country_path, slug_path
from directory.querysets import (
    CountryFactQuerySet,
    CountryQuerySet,
    FieldQuerySet,
    LinkCheckQuerySet,
    OrganisationQuerySet,
    PartnerRequestQuerySet,
    PlaceQuerySet,
    SuggestionQuerySet,
    TwinningQuerySet,
)
from directory.slugs import unique_slug

EARLIEST_FOUNDING_YEAR = 1700
EARLIEST_TWINNING_YEAR = 1900
LATEST_YEAR = 2100


def prefetched(instance: models.Model, attribute: str, read: Callable[[], Iterable]) -> list:
    """The related objects a ``Prefetch(…, to_attr=attribute)`` stored on ``instance``, or, when
    they were not prefetched, what ``read()`` reads now (one query).

    ``to_attr`` stores a plain list. Without it Django builds a related manager and a QuerySet
    for every instance and relation, which cost more than the query itself: most of a CSV
    export's time, and a fifth of a list page's.
    """
    if attribute in instance.__dict__:
        return instance.__dict__[attribute]
    return list(read())


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def validate_source_lines(text: str) -> None:
    """Every line of a sources text is a web address (http or https)."""
    validate = URLValidator(schemes=["http", "https"])
    for line in _lines(text):
        try:
            validate(line)
        except ValidationError:
            raise ValidationError(
                _("“%(line)s” is not a web address. Give each source as a link (https://…)."),
                params={"line": line[:100]},
                code="source_not_url",
            ) from None


WIKIDATA_ID_PATTERN = r"^Q[1-9][0-9]{0,11}$"


def wikidata_field() -> models.CharField:
    return models.CharField(
        _("Wikidata ID"),
        max_length=13,
        blank=True,
        validators=[
            RegexValidator(
                WIKIDATA_ID_PATTERN,
                _("A Wikidata ID is a Q followed by digits, e.g. Q1017."),
                code="wikidata_id",
            )
        ],
        help_text=_("The item's Q-number on wikidata.org, checked there, e.g. Q1017."),
    )


def wikidata_url(wikidata_id: str) -> str:
    return f"https://www.wikidata.org/wiki/{wikidata_id}" if wikidata_id else ""


def not_in_future(year: int) -> None:
    if year is not None and year > timezone.now().year:
        raise ValidationError(_("The year %(year)s lies in the future."), params={"year": year})


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class TranslatedModel(models.Model):
    """A model with fields in three languages (``directory/translation.py``).

    The original column (``name``, ``description``) keeps the German text: modeltranslation
    writes the active language's value into it on save, so saving happens in German.
    Slugs come from the German name for the same reason.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            super().save(*args, **kwargs)


class SluggedModel(models.Model):
    """A model with a permanent ``slug``, generated from ``slug_source()`` when left empty.

    The slug is filled in ``clean()`` as well as ``save()`` so that form validation of the
    database constraints already sees it.
    """

    slug_max_length: int | None = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.ensure_slug()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.ensure_slug()

    def slug_source(self) -> str:
        raise NotImplementedError

    def ensure_slug(self) -> None:
        if not self.slug and (source := self.slug_source()):
            self.slug = unique_slug(self, source, max_length=self.slug_max_length)


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class CuratedModel(TimestampedModel):
    """What curators publish, verify and source: organisations and twinnings."""

    publication_status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text=_("Only published entries are shown to the public."),
    )
    published_at = models.DateTimeField(
        _("first published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the entry was first published; set on the first save as published."),
    )
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When a curator last checked this entry against its sources."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The curator who last checked this entry against its sources."),
    )
    source = models.TextField(
        _("source"),
        blank=True,
        validators=[validate_source_lines],
        help_text=_(
            "Web addresses to add as sources, one per line; saving moves them into the "
            "sources table, where a title and the date read can be given."
        ),
    )
    internal_note = models.TextField(
        _("internal note"),
        blank=True,
        help_text=_("For curators only; never shown to the public."),
    )
    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        """Stamp ``published_at`` the first time the entry is saved as published (every way of
        publishing saves the entry: admin form and action, import, demo data); it stays when
        the entry is unpublished and published again. Addresses typed into ``source`` become
        ``Source`` rows."""
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)
        if self.source.strip():
            self._move_source_lines()

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED

    def _move_source_lines(self) -> None:
        """Turn the web addresses typed into ``source`` (admin, CSV import) into ``Source``
        rows, so that every source is a link with a title and a date read."""
        from directory.curation.verification import urls_in_text  # it reads these models

        owner = {self.source_owner_field: self}
        known = set(Source.objects.filter(**owner).values_list("url", flat=True))
        start = Source.objects.filter(**owner).count()
        urls = urls_in_text(self.source)
        for position, url in enumerate(dict.fromkeys(urls), start=start):
            if url not in known:
                Source.objects.create(url=url, position=position, **owner)
                known.add(url)
        # Text without an address (saved by code, not through a form, which refuses it) is kept
        # for curators in the internal note rather than lost or shown as a link.
        text = [line for line in _lines(self.source) if not urls_in_text(line)]
        note = "\n".join(filter(None, [self.internal_note, *text]))
        type(self).objects.filter(pk=self.pk).update(source="", internal_note=note)
        self.source, self.internal_note = "", note
        self.__dict__.pop("_source_list", None)

    @property
    def source_list(self) -> list["Source"]:
        """The entry's sources in order, as ``with_sources()`` prefetches them."""
        return prefetched(self, "_source_list", lambda: self.sources.all())

    def source_urls(self) -> list[str]:
        """Every source address: the ``Source`` rows, then lines not yet moved (bulk-created
        rows such as the synthetic data keep theirs in ``source``)."""
        from directory.curation.verification import urls_in_text  # it reads these models

        rows = self.source_list if self.pk is not None else []  # an unsaved entry has none
        return list(dict.fromkeys([source.url for source in rows] + urls_in_text(self.source)))

    @property
    def source_lines(self) -> list[str]:
        return self.source_urls()


class Country(TranslatedModel):
    """A country, identified by its ISO 3166-1 alpha-2 code."""

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 code in capitals, e.g. KZ."),
    )
    name = models.CharField(_("name"), max_length=100)
    is_focus = models.BooleanField(
        _("Central Asian focus country"),
        default=False,
        help_text=_("One of the five Central Asian countries this directory is about."),
    )
    # The version the curators' lost-update guard compares (directory/curation/forms.py).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_two_capitals"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return country_path(self.code)

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class CooperationField(TranslatedModel):
    """A field of cooperation, such as democratisation, environment or education."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("short description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=100, help_text=_("Lists show fields in ascending position.")
    )
    # The version the curators' lost-update guard compares (directory/curation/forms.py).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = FieldQuerySet.as_manager()

    class Meta:
        verbose_name = _("field of cooperation")
        verbose_name_plural = _("fields of cooperation")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_path("directory:field-detail", self.slug)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class FederalState(models.TextChoices):
    """The sixteen German federal states (Länder).

    The labels are the German names, translated for English and Russian pages (context "German
    federal state"); the German names are the msgids so that the choices the migrations recorded
    stay unchanged.
    """

    BW = "BW", pgettext_lazy("German federal state", "Baden-Württemberg")
    BY = "BY", pgettext_lazy("German federal state", "Bayern")
    BE = "BE", pgettext_lazy("German federal state", "Berlin")
    BB = "BB", pgettext_lazy("German federal state", "Brandenburg")
    HB = "HB", pgettext_lazy("German federal state", "Bremen")
    HH = "HH", pgettext_lazy("German federal state", "Hamburg")
    HE = "HE", pgettext_lazy("German federal state", "Hessen")
    MV = "MV", pgettext_lazy("German federal state", "Mecklenburg-Vorpommern")
    NI = "NI", pgettext_lazy("German federal state", "Niedersachsen")
    NW = "NW", pgettext_lazy("German federal state", "Nordrhein-Westfalen")
    RP = "RP", pgettext_lazy("German federal state", "Rheinland-Pfalz")
    SL = "SL", pgettext_lazy("German federal state", "Saarland")
    SN = "SN", pgettext_lazy("German federal state", "Sachsen")
    ST = "ST", pgettext_lazy("German federal state", "Sachsen-Anhalt")
    SH = "SH", pgettext_lazy("German federal state", "Schleswig-Holstein")
    TH = "TH", pgettext_lazy("German federal state", "Thüringen")


class PlaceKind(models.TextChoices):
    CITY = "city", _("City or municipality")
    DISTRICT = "district", _("District")
    REGION = "region", _("Region or state")


class Place(TranslatedModel, SluggedModel, TimestampedModel):
    """A municipality, district or region: the seat of an organisation or a side of a twinning."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True, blank=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="places"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=PlaceKind.choices, default=PlaceKind.CITY
    )
    federal_state = models.CharField(
        _("German federal state"),
        max_length=2,
        choices=FederalState.choices,
        blank=True,
        help_text=_("Only for places in Germany."),
    )
    region = models.CharField(
        _("region"),
        max_length=150,
        blank=True,
        help_text=_("Outside Germany: the region (oblast, viloyat, province) the place lies in."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees, north positive, e.g. 42.87."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees, east positive, e.g. 74.59."),
    )
    wikidata_id = wikidata_field()
    search_text = models.TextField(editable=False, default="")

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"], name="place_unique_name_per_country"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=WIKIDATA_ID_PATTERN),
                name="place_wikidata_id_format",
            ),
        ]
        indexes = [models.Index(fields=["federal_state"], name="place_federal_state_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})"

    def get_absolute_url(self) -> str:
        return slug_path("directory:place-detail", self.slug)

    def clean(self) -> None:
        super().clean()
        if self.federal_state and self.country_id and self.country.code != "DE":
            raise ValidationError(
                {"federal_state": _("Only places in Germany lie in a German federal state.")}
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))

    def slug_source(self) -> str:
        return self.name

    @property
    def wikidata_url(self) -> str:
        return wikidata_url(self.wikidata_id)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def other_names(self) -> list["PlaceAlias"]:
        """The aliases (prefetched) but the name the page shows: «Медеуский район» is not
        another spelling of itself on a Russian page."""
        return [alias for alias in self.aliases.all() if alias.name != self.name]

    def parent(self) -> "i18n.Localized | None":
        """What the place lies in, named in the page language: its German federal state, or
        the place of this directory that ``region`` names (Medeu, region "Almaty" → «Алматы» on
        a Russian page). A region that names no place is stored text, shown as written and
        marked German on the other pages (curators write it in German). One query at most, once
        per page language: a page names the seat twice (its text and its JSON-LD)."""
        language = i18n.page_language()
        known = self.__dict__.setdefault("_parents", {})
        if language not in known:
            known[language] = self._parent()
        return known[language]

    def _parent(self) -> "i18n.Localized | None":
        if self.federal_state:
            label = str(self.get_federal_state_display())
            return None if label == self.name else i18n.Localized(label)
        region = self.region.strip()
        if not region:
            return None
        named = (
            Q(name_de__iexact=region)
            | Q(name_en__iexact=region)
            | Q(name_ru__iexact=region)
            | Q(aliases__name__iexact=region)
        )
        parent = (
            Place.objects.filter(named, country_id=self.country_id)
            .exclude(pk=self.pk)
            .order_by("pk")
            .first()
        )
        if parent is not None:  # a name without translation is the same in every language
            return i18n.Localized(str(parent.name))
        german = i18n.page_language() == i18n.DEFAULT_LANGUAGE
        return i18n.Localized(region, "" if german else i18n.DEFAULT_LANGUAGE)


class PlaceAlias(models.Model):
    """Another name of a place: a spelling in another language or script, or a former name."""

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("name"), max_length=150)
    language = models.CharField(
        _("language"),
        max_length=20,
        blank=True,
        help_text=_("Language or script of this name, e.g. 'ru', 'en', 'kk', 'uz'."),
    )
    is_former = models.BooleanField(_("former name"), default=False)
    note = models.CharField(_("note"), max_length=150, blank=True, help_text=_("e.g. 1926–1991"))

    class Meta:
        verbose_name = _("alternative name")
        verbose_name_plural = _("alternative names")
        ordering = ["place", "name"]
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="place_alias_unique_per_place"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def lang(self) -> str:
        """The HTML ``lang`` of the name: the first of its languages ("ky, ru" → "ky"), since
        ``lang`` takes one language tag."""
        return self.language.split(",")[0].strip()


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    FOUNDATION = "foundation", _("Foundation")
    NGO = "ngo", _("Non-governmental organisation")
    UNIVERSITY = "university", _("University or school")
    PUBLIC_BODY = "public_body", _("Public body or municipality")
    NETWORK = "network", _("Network or umbrella organisation")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class Organisation(TranslatedModel, SluggedModel, CuratedModel):
    """An actor of the cooperation: association, foundation, university, public body, …"""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("The permanent web address; generated from the name when left empty."),
    )
    other_names = models.CharField(
        _("other names"),
        max_length=255,
        blank=True,
        help_text=_("English or original-language name and other names in use."),
    )
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    description = models.TextField(_("description"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(EARLIEST_FOUNDING_YEAR),
            MaxValueValidator(LATEST_YEAR),
            not_in_future,
        ],
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    wikidata_id = wikidata_field()
    wikipedia_url = models.URLField(
        _("Wikipedia article"),
        max_length=300,
        blank=True,
        help_text=_(
            "Only an article about this organisation itself, not about a topic it appears in."
        ),
    )
    seat = models.ForeignKey(
        Place,
        verbose_name=_("seat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries of activity"),
        related_name="organisations",
        blank=True,
    )
    fields = models.ManyToManyField(
        CooperationField,
        verbose_name=_("fields of cooperation"),
        related_name="organisations",
        blank=True,
    )
    german_office = models.BooleanField(
        _("office of a German institution"),
        default=False,
        help_text=_(
            "Tick only when the sources show that this entry is the office, branch or "
            "information centre of a German institution (a political foundation, the "
            "Goethe-Institut, the DAAD, GIZ …). Such entries are listed under “German presence” "
            "on the page of the country where they have their seat."
        ),
    )
    networks = models.ManyToManyField(
        "self",
        verbose_name=_("member of networks"),
        symmetrical=False,
        related_name="members",
        blank=True,
        help_text=_("Networks and umbrella organisations this organisation belongs to."),
    )

    slug_max_length = 100
    source_owner_field = "organisation"

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True)
                | Q(founded_year__gte=EARLIEST_FOUNDING_YEAR, founded_year__lte=LATEST_YEAR),
                name="organisation_founded_year_plausible",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="organisation_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=WIKIDATA_ID_PATTERN),
                name="organisation_wikidata_id_format",
            ),
        ]
        indexes = [
            models.Index(fields=["publication_status", "name"], name="org_status_name_idx"),
            models.Index(
                fields=["publication_status", "-last_verified"], name="org_status_verified_idx"
            ),
            models.Index(
                fields=["publication_status", "-published_at"], name="org_status_published_idx"
            ),
            models.Index(fields=["kind"], name="org_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return slug_path("directory:organisation-detail", self.slug)

    @property
    def wikidata_url(self) -> str:
        return wikidata_url(self.wikidata_id)

    @property
    def country_list(self) -> list["Country"]:
        """Countries of activity, as ``for_list()`` fetches them (by name)."""
        return prefetched(self, "_country_list", lambda: self.countries.by_name())

    @property
    def field_list(self) -> list["CooperationField"]:
        return prefetched(self, "_field_list", lambda: self.fields.all())

    @property
    def network_list(self) -> list["Organisation"]:
        """Published networks, as ``for_export()`` fetches them."""
        return prefetched(self, "_network_list", lambda: self.networks.published_by_name())

    def slug_source(self) -> str:
        return self.name


class TwinningKind(models.TextChoices):
    TWINNING = "twinning", _("Town twinning")
    FRIENDSHIP = "friendship", _("Friendship")
    PROJECT = "project", _("Project partnership")
    REGIONAL = "regional", _("Regional partnership")
    COOPERATION = "cooperation", _("Cooperation agreement")


class TwinningStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PLANNED = "planned", _("In preparation")
    DORMANT = "dormant", _("Dormant")
    ENDED = "ended", _("Ended")


class Twinning(TranslatedModel, SluggedModel, CuratedModel):
    """A partnership between a German place and a Central Asian place."""

    slug = models.SlugField(_("slug"), max_length=160, unique=True, blank=True)
    german_place = models.ForeignKey(
        Place,
        verbose_name=_("German place"),
        on_delete=models.PROTECT,
        related_name="german_twinnings",
    )
    central_asian_place = models.ForeignKey(
        Place,
        verbose_name=_("Central Asian place"),
        on_delete=models.PROTECT,
        related_name="central_asian_twinnings",
    )
    kind = models.CharField(
        _("kind"), max_length=15, choices=TwinningKind.choices, default=TwinningKind.TWINNING
    )
    established_year = models.PositiveSmallIntegerField(
        _("established in"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(EARLIEST_TWINNING_YEAR),
            MaxValueValidator(LATEST_YEAR),
            not_in_future,
        ],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TwinningStatus.choices, default=TwinningStatus.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("carried by"),
        related_name="twinnings",
        blank=True,
        help_text=_("Organisations that carry or support this partnership."),
    )

    source_owner_field = "twinning"

    objects = TwinningQuerySet.as_manager()

    class Meta:
        verbose_name = _("twinning")
        verbose_name_plural = _("twinnings")
        ordering = ["german_place__name", "central_asian_place__name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(german_place=F("central_asian_place")),
                name="twinning_not_with_itself",
            ),
            models.UniqueConstraint(
                fields=["german_place", "central_asian_place"], name="twinning_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(established_year__isnull=True)
                | Q(
                    established_year__gte=EARLIEST_TWINNING_YEAR,
                    established_year__lte=LATEST_YEAR,
                ),
                name="twinning_established_year_plausible",
            ),
        ]
        indexes = [
            models.Index(fields=["publication_status", "kind"], name="twinning_status_kind_idx"),
        ]

    def __str__(self) -> str:
        # A title: «район Северная Саксония» (a Russian name in running-text form) opens it with
        # a capital; capfirst changes no other letter of the names.
        return f"{capfirst(self.german_place.name)} – {self.central_asian_place.name}"

    def get_absolute_url(self) -> str:
        return slug_path("directory:twinning-detail", self.slug)

    @property
    def organisation_list(self) -> list[Organisation]:
        """Published organisations that carry the twinning, as ``for_export()`` fetches them."""
        return prefetched(
            self, "_organisation_list", lambda: self.organisations.published_by_name()
        )

    def clean(self) -> None:
        super().clean()
        if self.german_place_id and self.german_place_id == self.central_asian_place_id:
            raise ValidationError(_("A place cannot be twinned with itself."))
        errors = {}  # both at once, so that a form or an import preview shows every problem
        if self.german_place_id and self.german_place.country.code != "DE":
            errors["german_place"] = _("Choose a place in Germany.")
        if self.central_asian_place_id and not self.central_asian_place.country.is_focus:
            errors["central_asian_place"] = _(
                "Choose a place in one of the five Central Asian countries."
            )
        if errors:
            raise ValidationError(errors)

    def slug_source(self) -> str:
        if not (self.german_place_id and self.central_asian_place_id):
            return ""  # the form reports the missing place
        return f"{self.german_place.name} {self.central_asian_place.name}"


# The automatic table behind Twinning.organisations appears in the admin's inline on an
# organisation and in history messages: translated names instead of "TWINNING" and
# "Twinning-organisation relationship", and rows that say what they link.
_Carrier = Twinning.organisations.through
_Carrier._meta.verbose_name = _("carrying organisation")
_Carrier._meta.verbose_name_plural = _("carrying organisations")
_Carrier._meta.get_field("twinning").verbose_name = _("twinning")
_Carrier._meta.get_field("organisation").verbose_name = _("organisation")
_Carrier.__str__ = lambda row: f"{row.organisation} – {row.twinning}"


#: The entries a source may belong to (exactly one of them).
SOURCE_OWNERS = ("organisation", "twinning", "programme", "call", "event")


def _exactly_one(fields: tuple[str, ...]) -> Q:
    """Exactly one of the foreign keys ``fields`` is set."""
    condition = Q()
    for owner in fields:
        condition |= Q(**{f"{other}__isnull": other != owner for other in fields})
    return condition


class Source(models.Model):
    """Where a fact about an entry (organisation, twinning, programme, call, event) comes
    from: a web page, its title and the date it was read.

    A foreign key per kind of entry rather than a generic relation: the database enforces that
    a source belongs to exactly one entry, deleting the entry deletes its sources, and
    prefetching stays a plain join.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sources",
    )
    twinning = models.ForeignKey(
        Twinning,
        verbose_name=_("twinning"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sources",
    )
    programme = models.ForeignKey(
        "directory.Programme",
        verbose_name=_("funding programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sources",
    )
    call = models.ForeignKey(
        "directory.Call",
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sources",
    )
    event = models.ForeignKey(
        "directory.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sources",
    )
    url = models.URLField(
        _("web address"),
        max_length=500,
        help_text=_("A stable page about the entry, not a listing or a share link."),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    read_on = models.DateField(
        _("read on"), null=True, blank=True, help_text=_("When a curator read this page.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(SOURCE_OWNERS), name="source_belongs_to_one_entry"
            ),
            models.UniqueConstraint(
                fields=["organisation", "url"], name="source_unique_url_per_organisation"
            ),
            models.UniqueConstraint(
                fields=["twinning", "url"], name="source_unique_url_per_twinning"
            ),
            *(
                models.UniqueConstraint(
                    fields=[owner, "url"], name=f"source_unique_url_per_{owner}"
                )
                for owner in SOURCE_OWNERS[2:]
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def label(self) -> str:
        return self.title or self.url

    @property
    def title_language(self) -> str:
        """The language the title is in, for the link's ``lang`` ('' when unknown or untitled)."""
        return i18n.title_language(self.title, self.url) if self.title else ""


class SuggestionKind(models.TextChoices):
    NEW_ENTRY = "new_entry", _("Suggest a new entry")
    CORRECTION = "correction", _("Report a correction")
    CALL_OR_EVENT = "call_or_event", _("Suggest a call or an event")


class SuggestionStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Suggestion(models.Model):
    """A new entry or a correction sent in by a visitor, waiting in the curators' review queue.

    The sender needs no account. Neither their IP address nor anything else about them is kept
    beyond what they typed; the contact e-mail is optional.
    """

    SUBJECT_MAX_LENGTH = 200
    MESSAGE_MAX_LENGTH = 5000
    DESCRIPTION_MAX_LENGTH = 2000
    LIST_MAX_LENGTH = 500
    LIST_SEPARATOR = "; "
    # What a visitor says about a new organisation, beyond its name (form, admin, drafts).
    NEW_ENTRY_FIELDS = (
        "web_address",
        "seat_town",
        "seat_country",
        "activity_countries",
        "activity_fields",
        "organisation_kind",
        "short_description",
        "information_source",
    )

    kind = models.CharField(
        _("what"), max_length=13, choices=SuggestionKind.choices, default=SuggestionKind.NEW_ENTRY
    )
    subject = models.CharField(
        _("name of the organisation or twinning"),
        max_length=SUBJECT_MAX_LENGTH,
        blank=True,
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    # What a visitor tells about a new organisation, as typed; copied into the draft organisation
    # on acceptance (directory/curation/drafts.py matches the names to places, countries, fields).
    web_address = models.URLField(_("website"), max_length=300, blank=True)
    seat_town = models.CharField(_("seat: town"), max_length=150, blank=True)
    seat_country = models.CharField(_("seat: country"), max_length=100, blank=True)
    activity_countries = models.CharField(
        _("countries of activity"),
        max_length=LIST_MAX_LENGTH,
        blank=True,
        help_text=_("Names separated by semicolons."),
    )
    activity_fields = models.CharField(
        _("fields of cooperation"),
        max_length=LIST_MAX_LENGTH,
        blank=True,
        help_text=_("Names separated by semicolons."),
    )
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=OrganisationKind.choices, blank=True
    )
    short_description = models.TextField(
        _("short description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    information_source = models.TextField(
        _("source of the information"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Only for questions about this suggestion; never published."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    twinning = models.ForeignKey(
        Twinning,
        verbose_name=_("twinning concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.NEW
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("draft created from it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejection_reason = models.TextField(
        _("reason for rejection"),
        blank=True,
        help_text=_("Optional; for curators only, never shown to the public."),
    )
    curator_note = models.TextField(
        _("curator note"), blank=True, help_text=_("For curators only; never shown to the public.")
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=SuggestionStatus.NEW) | Q(handled_at__isnull=False),
                name="suggestion_handled_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="suggestion_status_idx")]

    def __str__(self) -> str:
        label = self.subject or self.concerns or self.get_kind_display()
        return f"#{self.pk} {label}" if self.pk else str(label)

    @property
    def concerns(self) -> "Organisation | Twinning | None":
        return self.organisation or self.twinning

    @property
    def is_open(self) -> bool:
        return self.status == SuggestionStatus.NEW

    @staticmethod
    def split_list(text: str) -> list[str]:
        """The names of a list field (``activity_countries``, ``activity_fields``)."""
        return [name.strip() for name in re.split(r"[;\n]", text) if name.strip()]


class PartnerKind(models.TextChoices):
    """The kind of partner a partner search request looks for."""

    ANY = "any", _("Any kind of partner")
    ASSOCIATION = "association", _("Association or NGO")
    FOUNDATION = "foundation", _("Foundation")
    UNIVERSITY = "university", _("University or school")
    MUNICIPALITY = "municipality", _("Town, district or municipality")
    PUBLIC_BODY = "public_body", _("Other public body")
    NETWORK = "network", _("Network or umbrella organisation")
    COMPANY = "company", _("Company")


class PartnerRequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


#: A partner request runs this long unless the poster chooses otherwise, and at most the maximum.
PARTNER_REQUEST_DEFAULT_MONTHS = 6
PARTNER_REQUEST_MAX_MONTHS = 12
#: The database's bound on the running time (12 months, counted generously in days).
PARTNER_REQUEST_MAX_DAYS = 366


def months_after(day: date, months: int) -> date:
    """The same day ``months`` months later (the month's last day where it is shorter)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def default_expiry() -> date:
    return months_after(timezone.localdate(), PARTNER_REQUEST_DEFAULT_MONTHS)


class PartnerRequest(models.Model):
    """ "We are looking for a partner in … for …": a search posted by an organisation or a town.

    Sent through the public form without an account; public only after a curator accepted it,
    and only until its expiry date (``PartnerRequestQuerySet.public``). The contact e-mail is
    never shown or exported anywhere public: visitors answer through the relay form, which
    forwards their message by e-mail with their own address as Reply-To.
    The text stays in the poster's language (``language``); it is not translated.
    """

    TITLE_MAX_LENGTH = 200
    DESCRIPTION_MAX_LENGTH = 4000

    poster_name = models.CharField(
        _("posted by"),
        max_length=200,
        help_text=_("The organisation or municipality, as the poster typed it."),
    )
    poster_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("poster's entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_requests",
        help_text=_("The directory's entry of the poster, if there is one."),
    )
    poster_place = models.ForeignKey(
        Place,
        verbose_name=_("poster's town"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_requests",
        help_text=_("For a request posted by a town or municipality."),
    )
    title = models.CharField(_("what you are looking for"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=settings.LANGUAGES, blank=True
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("partner wanted in"),
        related_name="partner_requests",
        blank=True,
    )
    fields = models.ManyToManyField(
        CooperationField,
        verbose_name=_("fields of cooperation"),
        related_name="partner_requests",
        blank=True,
    )
    partner_kind = models.CharField(
        _("kind of partner sought"),
        max_length=20,
        choices=PartnerKind.choices,
        default=PartnerKind.ANY,
    )
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    expires_on = models.DateField(
        _("visible until"),
        default=default_expiry,
        help_text=_("At most 12 months after submission; afterwards the request is not shown."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        help_text=_("Answers are forwarded to this address; never published."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PartnerRequestStatus.choices,
        default=PartnerRequestStatus.SUBMITTED,
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    rejection_reason = models.TextField(
        _("reason for rejection"),
        blank=True,
        help_text=_("Optional; for curators only, never shown to the public."),
    )
    curator_note = models.TextField(
        _("curator note"), blank=True, help_text=_("For curators only; never shown to the public.")
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnerRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner request")
        verbose_name_plural = _("partner requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("submitted_on")),
                name="partner_request_expires_after_submission",
            ),
            models.CheckConstraint(
                condition=Q(
                    expires_on__lte=F("submitted_on") + timedelta(days=PARTNER_REQUEST_MAX_DAYS)
                ),
                name="partner_request_expires_within_a_year",
            ),
            models.CheckConstraint(
                condition=Q(status=PartnerRequestStatus.SUBMITTED) | Q(handled_at__isnull=False),
                name="partner_request_handled_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=PartnerRequestStatus.ACCEPTED) | Q(accepted_at__isnull=False),
                name="partner_request_accepted_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_on"], name="partner_request_public_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.poster_name})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("directory:partner-request-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == PartnerRequestStatus.SUBMITTED

    def is_public(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == PartnerRequestStatus.ACCEPTED and self.expires_on >= today

    @property
    def country_list(self) -> list["Country"]:
        return prefetched(self, "_country_list", lambda: self.countries.by_name())

    @property
    def field_list(self) -> list["CooperationField"]:
        return prefetched(self, "_field_list", lambda: self.fields.all())

    def clean(self):
        super().clean()
        if self.expires_on and self.submitted_on:
            latest = months_after(self.submitted_on, PARTNER_REQUEST_MAX_MONTHS)
            if self.expires_on <= self.submitted_on:
                raise ValidationError(
                    {"expires_on": _("The request must stay visible for at least one day.")}
                )
            if self.expires_on > latest:
                raise ValidationError(
                    {
                        "expires_on": _(
                            "A request can be shown for at most 12 months, until %(date)s."
                        )
                        % {"date": latest.isoformat()}
                    }
                )


class DemoRecord(models.Model):
    """What the demo loader (``directory.demo.loader``) last wrote into one entry, field by field.

    A later load writes a field only while it still holds that value: a field a curator changed
    is never overwritten. ``key`` is the entry's natural key in ``directory/demo/*.json``, so an
    entry a curator renamed is still recognised, and one a curator deleted is not created again.
    """

    model = models.CharField(_("model"), max_length=20)
    key = models.CharField(_("key in the demo files"), max_length=400)
    object_id = models.PositiveBigIntegerField(_("entry"))
    values = models.JSONField(_("values last written"), default=dict)
    loaded_at = models.DateTimeField(_("last loaded"), auto_now=True)

    class Meta:
        verbose_name = _("demo data record")
        verbose_name_plural = _("demo data records")
        ordering = ["model", "key"]
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="demo_record_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.key}"


class DataVersion(models.Model):
    """A single row counting committed changes to directory data (``directory.listing.pagecache``).

    Kept in the database rather than the cache so that every gunicorn worker and instance sees
    a change at once, whatever cache backend is configured; written with ``update()`` only, so
    writing it sends no signal.
    """

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)


class DataChange(models.Model):
    """Which entries a data version changed (``directory.listing.changelog``): the lists' indexes
    move those entries instead of being rebuilt. ``object_id`` empty: anything may have changed
    (a bulk command, a vocabulary entry), so the indexes are rebuilt."""

    version = models.BigIntegerField(db_index=True)
    model = models.CharField(max_length=100)  # the model's label, e.g. "directory.organisation"
    object_id = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.version}: {self.model} {self.object_id or '*'}"


class LinkCheck(models.Model):
    """The last check of one public web address (a website or a source), by ``check_links``.

    Keyed by the address, not by the entry: several entries may cite the same page, and one
    check answers for all of them.
    """

    url = models.URLField(_("web address"), max_length=500, unique=True)
    checked_at = models.DateTimeField(_("last checked"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    is_ok = models.BooleanField(_("reachable"), default=False)
    error = models.CharField(_("error"), max_length=300, blank=True)
    check_count = models.PositiveIntegerField(_("times checked"), default=0)

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        ordering = ["url"]
        indexes = [models.Index(fields=["is_ok"], name="linkcheck_is_ok_idx")]

    def __str__(self) -> str:
        return self.url


class SearchWord(models.Model):
    """A word of the stored search texts: the vocabulary that typos are corrected against.

    Kept current by ``directory.search.index`` (words are added as texts are stored; words
    that no entry uses any more stay until ``rebuild_search_index``, and merely match nothing).
    """

    word = models.CharField(max_length=100, primary_key=True)
    is_term = models.BooleanField(
        default=False,
        help_text="A word of a name, place, country, field or kind: typos may be corrected to it.",
    )

    def __str__(self) -> str:
        return self.word


class RateLimitCounter(models.Model):
    """Requests of one client in one rate-limit window (``directory.operations.ratelimit``).

    In the database rather than the cache: an evicting or unreachable cache must not lift a
    limit. ``key`` holds the scope and a keyed hash of the client's address, never the address;
    ``expires_at`` is a Unix time (seconds), compared as an integer on every database.
    """

    key = models.CharField(max_length=80, primary_key=True)
    hits = models.PositiveIntegerField(default=1)
    expires_at = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return self.key


class TopicTerm(models.Model):
    """A word or phrase that names a field of cooperation, a kind of organisation or a country,
    in any language, with its synonyms (Klimaschutz, ecology, экология → environment).

    Entries of that field, kind or country are found by the term (it is part of their search
    text), and a search that names it offers the matching filter.
    """

    term = models.CharField(
        _("term"),
        max_length=100,
        help_text=_("A word or phrase people search for, in any language, e.g. Klimaschutz."),
    )
    field = models.ForeignKey(
        CooperationField,
        verbose_name=_("field of cooperation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="terms",
    )
    kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=OrganisationKind.choices, blank=True
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="terms",
    )

    class Meta:
        verbose_name = _("topic term")
        verbose_name_plural = _("topic terms")
        ordering = ["term"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(field__isnull=False, kind="", country__isnull=True)
                    | Q(field__isnull=True, country__isnull=True) & ~Q(kind="")
                    | Q(field__isnull=True, kind="", country__isnull=False)
                ),
                name="topicterm_names_one_thing",
                violation_error_message=_("Choose exactly one: a field, a kind or a country."),
            ),
            models.CheckConstraint(condition=~Q(term=""), name="topicterm_term_not_empty"),
        ]

    def __str__(self) -> str:
        return self.term

    @property
    def target(self) -> tuple[str, str]:
        """(facet, value) of what the term names: ("field", "environment"), ("kind", "ngo")."""
        if self.field_id:
            return ("field", self.field.slug)
        if self.kind:
            return ("kind", self.kind)
        return ("country", self.country.code)


#: After this many months a country fact is shown as possibly outdated.
FACT_OUTDATED_AFTER_MONTHS = 18
EARLIEST_FACT_DATE = date(1991, 1, 1)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day where it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def not_in_future_date(day: date) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError(_("The date %(date)s lies in the future."), params={"date": day})


class CountryFactKind(models.TextChoices):
    """What a country fact is about. The first six are shown under "Civic space at a glance",
    the two visa kinds under "Travel and exchange", the German embassy under "German
    presence"."""

    CIVIC_SPACE = "civic_space", _("Civic space rating (CIVICUS Monitor)")
    FREEDOM = "freedom", _("Freedom rating (Freedom House, Freedom in the World)")
    REGISTRATION = "registration", _("Registering an association")
    FOREIGN_FUNDING = "foreign_funding", _("Foreign funding")
    REPORTING = "reporting", _("Reporting duties")
    FOREIGN_AGENTS = "foreign_agents", _("“Foreign agent” and similar laws")
    VISA_TO_GERMANY = "visa_to_germany", _("Visas for travel to Germany")
    VISA_FROM_GERMANY = "visa_from_germany", _("Entry for German citizens")
    GERMAN_EMBASSY = "german_embassy", _("German embassy")
    OTHER = "other", _("Other")


TRAVEL_FACT_KINDS = (CountryFactKind.VISA_TO_GERMANY, CountryFactKind.VISA_FROM_GERMANY)
#: Shown under "German presence", above the German institutions' offices.
PRESENCE_FACT_KINDS = (CountryFactKind.GERMAN_EMBASSY,)
FACT_KIND_ORDER = {kind: position for position, kind in enumerate(CountryFactKind.values)}


class CountryFact(TranslatedModel, TimestampedModel):
    """A sourced, dated fact about the framework for civil society in a country: a rating, a
    rule on associations or funding, a visa rule. Curators keep these up to date; the public
    country page and the comparison show each with its source and as-of date."""

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="facts"
    )
    kind = models.CharField(
        _("kind of fact"),
        max_length=20,
        choices=CountryFactKind.choices,
        help_text=_(
            "Ratings and rules for civil society, visa rules for exchanges, or the German embassy."
        ),
    )
    value = models.CharField(
        _("short value"),
        max_length=100,
        blank=True,
        help_text=_(
            "A few words the comparison shows, exactly as the source puts it, "
            "e.g. “Closed” or “Not Free, 23/100”."
        ),
    )
    text = models.TextField(
        _("explanation"),
        help_text=_(
            "One to three plain sentences: what the source says and what it means for "
            "cooperation. Only what the source states."
        ),
    )
    source_url = models.URLField(
        _("source address"),
        max_length=500,
        help_text=_("The page that states this fact, e.g. the rating's country page."),
    )
    source_title = models.CharField(
        _("source title"),
        max_length=200,
        blank=True,
        help_text=_("How the link is labelled, e.g. “Freedom House: Freedom in the World 2025”."),
    )
    as_of = models.DateField(
        _("as of"),
        validators=[not_in_future_date],
        help_text=_(
            "The date the source gives for this fact, or the day you read the source where it "
            "gives none. After 18 months the fact is shown as possibly outdated."
        ),
    )

    objects = CountryFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("country fact")
        verbose_name_plural = _("country facts")
        ordering = ["country__code", "kind", "-as_of"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CountryFactKind.values), name="country_fact_kind_known"
            ),
            models.CheckConstraint(
                condition=~Q(source_url=""), name="country_fact_source_url_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(as_of__gte=EARLIEST_FACT_DATE), name="country_fact_as_of_plausible"
            ),
            models.UniqueConstraint(
                fields=["country", "kind", "source_url", "as_of"],
                name="country_fact_unique_per_source_and_date",
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.country.code}: {self.get_kind_display()}"
        return f"{label} – {self.value}" if self.value else label

    @property
    def is_outdated(self) -> bool:
        """Older than ``FACT_OUTDATED_AFTER_MONTHS``: shown with a "possibly outdated" mark."""
        threshold = months_before(timezone.localdate(), FACT_OUTDATED_AFTER_MONTHS)
        return self.as_of < threshold

    @property
    def is_travel(self) -> bool:
        return self.kind in TRAVEL_FACT_KINDS

    @property
    def is_presence(self) -> bool:
        return self.kind in PRESENCE_FACT_KINDS

    @property
    def source_label(self) -> str:
        return self.source_title or self.source_url

    @property
    def source_title_language(self) -> str:
        """The language the source's title is in, for the link's ``lang`` ('' when unknown)."""
        return i18n.title_language(self.source_title, self.source_url) if self.source_title else ""


# Funding programmes, calls and events (they build on the models above).
from directory.funding_models import (  # noqa: E402, F401
    ApplicantKind,
    Call,
    CallKind,
    CallState,
    Event,
    EventKind,
    EventWhen,
    Programme,
    ProgrammeStatus,
)
