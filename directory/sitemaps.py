"""sitemap.xml: every public page — static pages, lists, countries, fields and every published
entry (never a draft). Served as a sitemap index with one section per kind of page, so that
sections longer than 50,000 addresses are split into pages as the protocol requires."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from directory.models import CooperationField, Country, Organisation, Twinning


class StaticPagesSitemap(Sitemap):
    url_names = [
        "home",
        "organisation-list",
        "twinning-list",
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


class OrganisationSitemap(Sitemap):
    def items(self):
        return Organisation.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class TwinningSitemap(Sitemap):
    def items(self):
        return Twinning.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class CountrySitemap(Sitemap):
    def items(self):
        return [
            country
            for country in Country.objects.with_public_counts().order_by("code")
            if country.is_focus or country.organisation_count
        ]


class FieldSitemap(Sitemap):
    def items(self):
        return CooperationField.objects.all()


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "organisations": OrganisationSitemap,
    "twinnings": TwinningSitemap,
    "countries": CountrySitemap,
    "fields": FieldSitemap,
}
