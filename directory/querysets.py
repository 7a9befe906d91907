"""Query logic of the directory: what is public, and what each page needs fetched with it."""

from datetime import date

from django.db import models
from django.db.models import Count, F, Func, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from directory.i18n import collated, localized_order

#: An entry's sources in order, for ``CuratedModel.source_list``.
SOURCES = Prefetch("sources", to_attr="_source_list")


def year_before(day: date) -> date:
    """The same day twelve months earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _published_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}publication_status": "published"})


def _count(queryset: models.QuerySet) -> Coalesce:
    """A correlated ``COUNT(*)`` of ``queryset`` (which refers to ``OuterRef("pk")``).

    Counts as subqueries rather than ``Count()`` over joins: no GROUP BY over every joined row
    (at 10,000 organisations the grouped form with a second correlated count took 15 s), and
    several counts can be combined without multiplying each other's rows. Each relation joined
    (a country, a field by its unique slug) matches an organisation at most once, so no DISTINCT.
    """
    counted = queryset.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")
    return Coalesce(Subquery(counted), 0)


class CountryQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str):
        """The counterpart of ``Country.natural_key()``, which backups refer to countries by."""
        return self.get(code=code)

    def focus(self) -> "CountryQuerySet":
        """The five Central Asian countries the directory is about."""
        return self.filter(is_focus=True)

    def by_name(self) -> "CountryQuerySet":
        """In the page language's alphabetical order."""
        return self.order_by(localized_order("name"))

    def with_public_counts(self, *, in_field: str | None = None) -> "CountryQuerySet":
        """Annotate how many published organisations work in each country (within a field)."""
        from directory.models import Organisation

        organisations = Organisation.objects.published().filter(countries=OuterRef("pk"))
        if in_field is not None:
            organisations = organisations.filter(fields__slug=in_field)
        return self.annotate(organisation_count=_count(organisations))


class FieldQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        """The counterpart of ``CooperationField.natural_key()``."""
        return self.get(slug=slug)

    def with_public_counts(self, *, in_country: str | None = None) -> "FieldQuerySet":
        """Annotate how many published organisations work in each field (within a country)."""
        from directory.models import Organisation

        organisations = Organisation.objects.published().filter(fields=OuterRef("pk"))
        if in_country is not None:
            organisations = organisations.filter(countries__code=in_country.upper())
        return self.annotate(organisation_count=_count(organisations))


class PlaceQuerySet(models.QuerySet):
    def in_germany(self) -> "PlaceQuerySet":
        return self.filter(country__code="DE")

    def in_central_asia(self) -> "PlaceQuerySet":
        return self.filter(country__is_focus=True)

    def seats_in(self, code: str) -> "PlaceQuerySet":
        """Places in the country ``code`` that are the seat of published organisations, with
        their ``organisation_count``."""
        return (
            self.filter(country__code=code.upper())
            .annotate(
                organisation_count=Count(
                    "organisations", filter=_published_q("organisations__"), distinct=True
                )
            )
            .filter(organisation_count__gt=0)
            .order_by()
        )


class CuratedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(_published_q())

    def published_by_name(self):
        """Published entries by name: how a record lists related ones (networks, carriers)."""
        return self.published().order_by("name", "pk")  # pk: equal names keep one order

    def drafts(self):
        return self.exclude(_published_q())

    def to_verify(self, *, today: date) -> "CuratedQuerySet":
        """Entries never verified or not verified for twelve months, oldest first."""
        return self.filter(
            Q(last_verified__isnull=True) | Q(last_verified__lt=year_before(today))
        ).order_by(F("last_verified").asc(nulls_first=True), "created_at", "pk")

    def verification_counts(self, *, today: date) -> dict[str, int]:
        """How many entries were never verified, and how many not for twelve months."""
        return self.aggregate(
            never=Count("pk", filter=Q(last_verified__isnull=True)),
            stale=Count("pk", filter=Q(last_verified__lt=year_before(today))),
        )


class OrganisationQuerySet(CuratedQuerySet):
    def in_country(self, code: str) -> "OrganisationQuerySet":
        """Organisations active in the country with ISO code ``code``."""
        return self.filter(countries__code=code.upper()).distinct()

    def in_field(self, slug: str) -> "OrganisationQuerySet":
        return self.filter(fields__slug=slug).distinct()

    def for_list(self, *, with_countries: bool = True) -> "OrganisationQuerySet":
        """Everything a result card shows, in a constant number of queries: the seat, and
        ``country_list`` and ``field_list`` (see ``directory.models.prefetched``).

        A country's own page leaves out the countries of activity (``with_countries=False``):
        the cards there need not repeat the country, and the page saves a query.
        """
        fields, countries = card_vocabulary()
        queryset = self.for_cards().prefetch_related(
            Prefetch("fields", queryset=fields, to_attr="_field_list")
        )
        if with_countries:
            queryset = queryset.prefetch_related(
                Prefetch("countries", queryset=countries, to_attr="_country_list")
            )
        return queryset

    def for_cards(self) -> "OrganisationQuerySet":
        """What a card reads by SQL where its page takes the fields and countries from the
        list's index (``directory.listing.cards``): the seat."""
        return self.select_related("seat__country")

    def for_export(self) -> "OrganisationQuerySet":
        """Everything a public record holds (``directory.opendata.serializers``), in a fixed
        number of queries.

        Replaces earlier prefetches, so a filtered list QuerySet can be exported as it is.
        """
        from directory.models import Organisation

        return (
            self.prefetch_related(None)
            .defer("search_text")  # the longest column, which no record holds
            .for_list()
            .prefetch_related(
                Prefetch(
                    "networks",
                    queryset=Organisation.objects.published_by_name().only("slug", "name"),
                    to_attr="_network_list",
                ),
                SOURCES,
            )
        )

    def for_detail(self) -> "OrganisationQuerySet":
        """Everything the public detail page shows; related entries are published ones only."""
        return self.for_list().prefetch_related(*detail_prefetches().values())


def card_vocabulary() -> tuple[models.QuerySet, models.QuerySet]:
    """The fields and the countries in the order a card lists them (``for_list()``'s
    prefetches, ``directory.listing.cards``): by position and name (an untranslated name is
    empty in that language, so the id breaks ties), and by name in the page language."""
    from directory.models import CooperationField, Country

    return CooperationField.objects.order_by("position", "name", "pk"), Country.objects.by_name()


def detail_prefetches() -> dict[str, Prefetch]:
    """What an organisation's page shows beside ``for_list()``, by relation (``for_detail()``;
    the page itself skips those an organisation has no rows in)."""
    from directory.models import Organisation, Twinning

    public_orgs = Organisation.objects.published().order_by(collated(F("name")).asc())
    return {
        "networks": Prefetch("networks", queryset=public_orgs),
        "members": Prefetch("members", queryset=public_orgs),
        "twinnings": Prefetch("twinnings", queryset=Twinning.objects.published().for_list()),
        "sources": SOURCES,
    }


class TwinningQuerySet(CuratedQuerySet):
    def in_country(self, code: str) -> "TwinningQuerySet":
        """Twinnings with a side in the country with ISO code ``code``."""
        code = code.upper()
        return self.filter(
            Q(german_place__country__code=code) | Q(central_asian_place__country__code=code)
        )

    def for_list(self) -> "TwinningQuerySet":
        return self.select_related("german_place__country", "central_asian_place__country")

    def for_export(self) -> "TwinningQuerySet":
        """Everything a public record holds (``directory.opendata.serializers``), in a fixed
        number of queries."""
        from directory.models import Organisation

        return (
            self.prefetch_related(None)
            .for_list()
            .prefetch_related(
                Prefetch(
                    "organisations",
                    queryset=Organisation.objects.published_by_name(),
                    to_attr="_organisation_list",
                ),
                SOURCES,
            )
        )

    def for_detail(self) -> "TwinningQuerySet":
        from directory.models import Organisation, PlaceAlias

        aliases = PlaceAlias.objects.order_by("name")
        return self.for_list().prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.published().for_list()),
            Prefetch("german_place__aliases", queryset=aliases),
            Prefetch("central_asian_place__aliases", queryset=aliases),
            SOURCES,
        )


class LinkCheckQuerySet(models.QuerySet):
    def broken(self) -> "LinkCheckQuerySet":
        return self.filter(is_ok=False)


class SuggestionQuerySet(models.QuerySet):
    def open(self) -> "SuggestionQuerySet":
        """Suggestions no curator has accepted or rejected yet."""
        return self.filter(status="new")


class CountryFactQuerySet(models.QuerySet):
    def for_display(self) -> "CountryFactQuerySet":
        """With their countries, for pages, the API and downloads (one query)."""
        return self.select_related("country").order_by("country__code", "kind", "-as_of")

    def in_country(self, code: str) -> "CountryFactQuerySet":
        return self.filter(country__code=code.upper())

    def of_focus_countries(self) -> "CountryFactQuerySet":
        return self.filter(country__is_focus=True)


class PartnerRequestQuerySet(models.QuerySet):
    def public(self, *, today: date) -> "PartnerRequestQuerySet":
        """Accepted by a curator and not yet expired: what the public site shows.

        Expiry is a condition on the date, not a stored status, so a request disappears on the
        day after its expiry date without any job running.
        """
        return self.filter(status="accepted", expires_on__gte=today)

    def open(self) -> "PartnerRequestQuerySet":
        """Submitted requests no curator has accepted or rejected yet."""
        return self.filter(status="submitted")

    def newest_first(self) -> "PartnerRequestQuerySet":
        return self.order_by("-accepted_at", "-pk")

    def for_list(self) -> "PartnerRequestQuerySet":
        """With the poster's entry, countries and fields (three queries per page)."""
        from directory.models import CooperationField, Country

        return self.select_related("poster_organisation", "poster_place").prefetch_related(
            Prefetch("countries", queryset=Country.objects.by_name(), to_attr="_country_list"),
            Prefetch("fields", queryset=CooperationField.objects.all(), to_attr="_field_list"),
        )
