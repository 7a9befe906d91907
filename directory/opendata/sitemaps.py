"""sitemap.xml: every public page — static pages, lists, countries, fields, every published
entry (never a draft) and the partner requests public today. Served as a sitemap index with one
section per kind of page, so that sections longer than 50,000 addresses are split into pages as
the protocol requires.

Every page is listed once per language (/de/, /en/, /ru/), each with its other language versions
as hreflang alternates and the unprefixed address as x-default."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from directory.models import (
    Call,
    CooperationField,
    Country,
    Event,
    Organisation,
    PartnerRequest,
    Place,
    Programme,
    Twinning,
)


class LanguageSitemap(Sitemap):
    """Each item in every language, with alternates (Django's i18n sitemap support)."""

    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(LanguageSitemap):
    url_names = [
        "home",
        "organisation-list",
        "twinning-list",
        "twinning-opportunities",
        "programme-list",
        "programme-landscape",
        "call-list",
        "event-list",
        "partner-request-list",
        "country-compare",
        "statistics",
        "data",
        "api-docs",
        "about",
        "imprint",
        "privacy",
    ]

    def items(self) -> list[str]:
        return self.url_names

    def location(self, item: str) -> str:
        return reverse(f"directory:{item}")


class OrganisationSitemap(LanguageSitemap):
    def items(self):
        return Organisation.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class TwinningSitemap(LanguageSitemap):
    def items(self):
        return Twinning.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PlaceSitemap(LanguageSitemap):
    """Places with a public page: the seat of a published organisation or a side of a
    published twinning (``views.places``)."""

    def items(self):
        seated = Organisation.objects.published().filter(seat=OuterRef("pk"))
        twinned = Twinning.objects.published().filter(
            Q(german_place=OuterRef("pk")) | Q(central_asian_place=OuterRef("pk"))
        )
        return Place.objects.filter(Exists(seated) | Exists(twinned)).only("slug").order_by("pk")


class PublishedSitemap(LanguageSitemap):
    """Published entries of ``model`` (programmes, calls, events), by when they last changed."""

    model = None

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ProgrammeSitemap(PublishedSitemap):
    model = Programme


class CallSitemap(PublishedSitemap):
    model = Call


class EventSitemap(PublishedSitemap):
    model = Event


class CountrySitemap(LanguageSitemap):
    def items(self):
        return [
            country
            for country in Country.objects.with_public_counts().order_by("code")
            if country.is_focus or country.organisation_count
        ]


class FieldSitemap(LanguageSitemap):
    def items(self):
        return CooperationField.objects.all()


class PartnerRequestSitemap(LanguageSitemap):
    """Partner requests public today (accepted, not expired); only their addresses."""

    def items(self):
        today = timezone.localdate()
        return PartnerRequest.objects.public(today=today).only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "organisations": OrganisationSitemap,
    "twinnings": TwinningSitemap,
    "places": PlaceSitemap,
    "programmes": ProgrammeSitemap,
    "calls": CallSitemap,
    "events": EventSitemap,
    "countries": CountrySitemap,
    "fields": FieldSitemap,
    "partner-requests": PartnerRequestSitemap,
}
