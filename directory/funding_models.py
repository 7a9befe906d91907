"""Where the money and the meetings are: funding programmes, their calls, and events.

Curated like organisations (``CuratedModel``: drafts are never public, sources in the ``Source``
table, history, verification). A call's state (open, closing soon, closed) and an event's
(upcoming, past) depend on the time of the request, so they are computed, never stored:
``CallQuerySet.with_state`` and ``EventQuerySet.with_state`` annotate them for lists and facets,
``Call.state`` reads them for one entry.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# directory.models imports this module at its end, once these names exist.
from directory.models import CuratedModel, SluggedModel, TranslatedModel, prefetched
from directory.paths import slug_path
from directory.querysets import SOURCES, CuratedQuerySet

#: A call is "closing soon" this long before its deadline.
CLOSING_SOON = timedelta(days=14)


def validate_time_zone(name: str) -> None:
    if not name:
        return
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(zone)s” is not a time zone name. Use an IANA name such as Asia/Bishkek."),
            params={"zone": name[:60]},
            code="time_zone",
        ) from None


def time_zone_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(name, name) for name in sorted(available_timezones())]


#: The time zones calls in this directory name, as readers say them; a deadline in any other
#: zone is labelled with its UTC offset (an identifier such as "Asia/Almaty" is not a word).
ZONE_LABELS = {
    "Europe/Berlin": _("German time"),
    "Europe/Moscow": _("Moscow time"),
    "Asia/Almaty": _("Almaty time"),
    "Asia/Ashgabat": _("Ashgabat time"),
    "Asia/Bishkek": _("Bishkek time"),
    "Asia/Dushanbe": _("Dushanbe time"),
    "Asia/Tashkent": _("Tashkent time"),
}


class ApplicantKind(models.TextChoices):
    """Who may apply to a programme."""

    NGO = "ngo", _("Non-governmental organisations")
    MUNICIPALITY = "municipality", _("Municipalities")
    UNIVERSITY = "university", _("Universities and schools")
    INDIVIDUAL = "individual", _("Individuals")
    COMPANY = "company", _("Companies")
    PUBLIC_BODY = "public_body", _("Public bodies")


class ProgrammeStatus(models.TextChoices):
    RUNNING = "running", pgettext_lazy("programme", "Running")
    PAUSED = "paused", pgettext_lazy("programme", "Paused")
    ENDED = "ended", pgettext_lazy("programme", "Ended")
    UNKNOWN = "unknown", pgettext_lazy("programme", "Not stated")


class CallKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    SCHOLARSHIP = "scholarship", _("Scholarship")
    EXCHANGE = "exchange", _("Exchange")
    INTERNSHIP = "internship", _("Internship")
    FELLOWSHIP = "fellowship", _("Fellowship")


class CallState(models.TextChoices):
    OPEN = "open", pgettext_lazy("call", "Open")
    CLOSING = "closing", pgettext_lazy("call", "Closing soon")
    CLOSED = "closed", pgettext_lazy("call", "Closed")


class EventKind(models.TextChoices):
    ROUND_TABLE = "round_table", _("Round table")
    CONFERENCE = "conference", _("Conference")
    PARTNERSHIP_MEETING = "partnership_meeting", _("Partnership meeting")
    EXCHANGE = "exchange", _("Exchange")
    WORKSHOP = "workshop", _("Workshop or seminar")
    OTHER = "other", _("Other")


class EventWhen(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming or running")
    PAST = "past", _("Past")


class FundingQuerySet(CuratedQuerySet):
    def in_country(self, code: str):
        return self.filter(countries__code=code.upper())

    def in_field(self, slug: str):
        return self.filter(fields__slug=slug)


class ProgrammeQuerySet(FundingQuerySet):
    def for_list(self):
        return self.select_related("funder").prefetch_related(
            Prefetch("countries", to_attr="_country_list"),
            Prefetch("fields", to_attr="_field_list"),
        )

    def for_detail(self):
        return self.for_list().prefetch_related(SOURCES)


class CallQuerySet(FundingQuerySet):
    def with_state(self, now=None):
        """Annotate ``state`` (open / closing / closed at ``now``), ``closed_rank`` (closed: 1)
        and ``open_deadline`` (the deadline of a call not yet closed), for lists that sort
        closed calls last."""
        now = now or timezone.now()
        closed = Q(deadline__lt=now)
        return self.annotate(
            state=Case(
                When(closed, then=Value(CallState.CLOSED.value)),
                When(deadline__lte=now + CLOSING_SOON, then=Value(CallState.CLOSING.value)),
                default=Value(CallState.OPEN.value),
                output_field=models.CharField(),
            ),
            closed_rank=Case(
                When(closed, then=Value(1)), default=Value(0), output_field=models.IntegerField()
            ),
            open_deadline=Case(
                When(closed, then=Value(None)),
                default=F("deadline"),
                output_field=models.DateTimeField(),
            ),
        )

    def not_closed(self, now=None):
        return self.filter(deadline__gte=now or timezone.now())

    def for_list(self):
        return self.select_related("programme", "organisation").prefetch_related(
            Prefetch("countries", to_attr="_country_list"),
            Prefetch("fields", to_attr="_field_list"),
        )

    def for_detail(self):
        return self.for_list().select_related("programme__funder").prefetch_related(SOURCES)


class EventQuerySet(FundingQuerySet):
    def with_state(self, today=None):
        """Annotate ``when`` (upcoming / past on ``today``), ``past_rank`` and
        ``upcoming_start``, for lists that show upcoming events first, soonest first."""
        today = today or timezone.localdate()
        past = Q(ends_on__lt=today) | Q(ends_on__isnull=True, starts_on__lt=today)
        return self.annotate(
            when=Case(
                When(past, then=Value(EventWhen.PAST.value)),
                default=Value(EventWhen.UPCOMING.value),
                output_field=models.CharField(),
            ),
            past_rank=Case(
                When(past, then=Value(1)), default=Value(0), output_field=models.IntegerField()
            ),
            upcoming_start=Case(
                When(past, then=Value(None)),
                default=F("starts_on"),
                output_field=models.DateField(),
            ),
        )

    def upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))

    def for_list(self):
        return self.select_related("place__country").prefetch_related(
            Prefetch("countries", to_attr="_country_list"),
            Prefetch("fields", to_attr="_field_list"),
        )

    def for_detail(self):
        from directory.models import Organisation, Twinning

        published = Organisation.objects.published().order_by("name")
        return self.for_list().prefetch_related(
            "place__aliases",
            Prefetch("organisers", queryset=published, to_attr="_organiser_list"),
            Prefetch("participants", queryset=published, to_attr="_participant_list"),
            Prefetch(
                "twinnings",
                queryset=Twinning.objects.published().for_list(),
                to_attr="_twinning_list",
            ),
            SOURCES,
        )


class FundingEntry(TranslatedModel, SluggedModel, CuratedModel):
    """What programmes, calls and events share: a name, a slug, a description in three
    languages, the countries and fields they concern, and a web address."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("The permanent web address; generated from the name when left empty."),
    )
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)

    slug_max_length = 100
    detail_url_name = ""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def slug_source(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_path(self.detail_url_name, self.slug)

    @property
    def country_list(self) -> list:
        return prefetched(self, "_country_list", lambda: self.countries.all())

    @property
    def field_list(self) -> list:
        return prefetched(self, "_field_list", lambda: self.fields.all())


class Programme(FundingEntry):
    """A funding programme: who funds what, where, for whom, with how much."""

    funder = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("funder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        help_text=_("The organisation that funds the programme, if it is in the directory."),
    )
    countries = models.ManyToManyField(
        "directory.Country",
        verbose_name=_("countries"),
        related_name="programmes",
        blank=True,
        help_text=_("Where the programme funds work, as its sources state it."),
    )
    fields = models.ManyToManyField(
        "directory.CooperationField",
        verbose_name=_("fields of cooperation"),
        related_name="programmes",
        blank=True,
    )
    eligible = models.CharField(
        _("who may apply"),
        max_length=200,
        blank=True,
        help_text=_("Kinds of applicants, separated by spaces (set with the checkboxes)."),
    )
    amount_min = models.DecimalField(
        _("smallest amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    amount_max = models.DecimalField(
        _("largest amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. EUR.")
    )
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.RUNNING,
    )

    source_owner_field = "programme"
    detail_url_name = "directory:programme-detail"

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="programme_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=F("amount_max")),
                name="programme_amount_min_not_above_max",
            ),
            models.CheckConstraint(
                condition=(Q(amount_min__isnull=True) | Q(amount_min__gte=0))
                & (Q(amount_max__isnull=True) | Q(amount_max__gte=0)),
                name="programme_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(currency="") | Q(currency__regex=r"^[A-Z]{3}$"),
                name="programme_currency_iso_code",
            ),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True, amount_max__isnull=True) | ~Q(currency=""),
                name="programme_amount_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProgrammeStatus.values), name="programme_status_known"
            ),
        ]
        indexes = [
            models.Index(fields=["publication_status", "status"], name="programme_status_idx")
        ]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_min > self.amount_max
        ):
            errors["amount_max"] = _("The largest amount cannot be below the smallest.")
        if (self.amount_min is not None or self.amount_max is not None) and not self.currency:
            errors["currency"] = _("Give the currency of the amounts.")
        if self.currency and not (self.currency.isascii() and self.currency.isupper()):
            errors["currency"] = _("Give the three capital letters of the currency, e.g. EUR.")
        if errors:
            raise ValidationError(errors)

    @property
    def eligible_list(self) -> list[str]:
        return [code for code in self.eligible.split() if code in ApplicantKind.values]

    @property
    def eligible_labels(self) -> list[str]:
        return [str(ApplicantKind(code).label) for code in self.eligible_list]


class Call(FundingEntry):
    """A dated call of a programme or an organisation: a grant, scholarship, exchange,
    internship or fellowship with an opening date and a deadline."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        help_text=_("The organisation that issues the call, if it is in the directory."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CallKind.choices)
    countries = models.ManyToManyField(
        "directory.Country", verbose_name=_("countries"), related_name="calls", blank=True
    )
    fields = models.ManyToManyField(
        "directory.CooperationField",
        verbose_name=_("fields of cooperation"),
        related_name="calls",
        blank=True,
    )
    eligibility = models.TextField(_("who may apply"), blank=True)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    deadline = models.DateTimeField(
        _("deadline"),
        help_text=_("The moment applications close, in the time zone the call names."),
    )
    deadline_time_known = models.BooleanField(
        _("the call states a time of day"),
        default=True,
        help_text=_(
            "Untick when the call gives only a date: the deadline is then the end of that day "
            "and shown as a date."
        ),
    )
    deadline_timezone = models.CharField(
        _("time zone of the deadline"),
        max_length=60,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "The time zone the call states its deadline in (e.g. Europe/Berlin); "
            "the deadline is shown in it. Empty: shown in German time."
        ),
    )

    detail_url_name = "directory:call-detail"
    source_owner_field = "call"

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["deadline", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="call_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True) | Q(deadline__gte=F("opens_on")),
                name="call_deadline_not_before_opening",
            ),
            models.CheckConstraint(condition=Q(kind__in=CallKind.values), name="call_kind_known"),
        ]
        indexes = [
            models.Index(fields=["publication_status", "deadline"], name="call_status_deadline_idx")
        ]

    def clean(self) -> None:
        super().clean()
        if self.opens_on and self.deadline and self.deadline.date() < self.opens_on:
            raise ValidationError({"deadline": _("The deadline cannot lie before the opening.")})

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.deadline_timezone or "Europe/Berlin")
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("Europe/Berlin")

    @property
    def local_deadline(self):
        """The deadline in the time zone the call names (German time without one)."""
        return self.deadline.astimezone(self.zone)

    @property
    def zone_name(self) -> str:
        return self.deadline_timezone or "Europe/Berlin"

    @property
    def zone_label(self) -> str:
        """The deadline's time zone in the page language: "Almaty time", else "UTC+05:00"."""
        if label := ZONE_LABELS.get(self.zone.key):
            return str(label)
        offset = self.local_deadline.strftime("%z")  # +0500, at the deadline itself
        return f"UTC{offset[:3]}:{offset[3:5]}"

    def state_at(self, now) -> str:
        if self.deadline < now:
            return CallState.CLOSED
        if self.deadline <= now + CLOSING_SOON:
            return CallState.CLOSING
        return CallState.OPEN

    @property
    def current_state(self) -> str:
        """``state`` as ``with_state()`` annotated it, else computed now."""
        return self.__dict__.get("state") or self.state_at(timezone.now())

    @property
    def state_label(self) -> str:
        return str(CallState(self.current_state).label)

    @property
    def issuer(self):
        """Who issues the call: its organisation, else its programme's funder."""
        if self.organisation_id:
            return self.organisation
        return self.programme.funder if self.programme_id else None


class Event(FundingEntry):
    """A round table, conference, partnership meeting or exchange: when, where, who."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.ForeignKey(
        "directory.Place",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    online = models.BooleanField(_("online"), default=False)
    countries = models.ManyToManyField(
        "directory.Country",
        verbose_name=_("countries concerned"),
        related_name="events",
        blank=True,
    )
    fields = models.ManyToManyField(
        "directory.CooperationField",
        verbose_name=_("fields of cooperation"),
        related_name="events",
        blank=True,
    )
    organisers = models.ManyToManyField(
        "directory.Organisation",
        verbose_name=_("organisers"),
        related_name="organised_events",
        blank=True,
    )
    participants = models.ManyToManyField(
        "directory.Organisation",
        verbose_name=_("participating organisations"),
        related_name="attended_events",
        blank=True,
    )
    twinnings = models.ManyToManyField(
        "directory.Twinning",
        verbose_name=_("twinnings concerned"),
        related_name="events",
        blank=True,
    )

    detail_url_name = "directory:event-detail"
    source_owner_field = "event"

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="event_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="event_ends_not_before_start",
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_known"),
        ]
        indexes = [
            models.Index(fields=["publication_status", "starts_on"], name="event_status_start_idx")
        ]

    def clean(self) -> None:
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An event cannot end before it starts.")})

    @property
    def last_day(self):
        return self.ends_on or self.starts_on

    def is_past_on(self, today) -> bool:
        return self.last_day < today

    @property
    def organiser_list(self) -> list:
        return prefetched(self, "_organiser_list", lambda: self.organisers.published_by_name())

    @property
    def participant_list(self) -> list:
        return prefetched(self, "_participant_list", lambda: self.participants.published_by_name())

    @property
    def twinning_list(self) -> list:
        return prefetched(self, "_twinning_list", lambda: self.twinnings.published().for_list())
