"""The public page types that every generic browser check runs on: one line per page type.

``site()`` makes a small, representative directory (published entries with countries, fields,
places and a Cyrillic alias, plus a draft); each page type turns it into an address.
"""

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse

from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    TwinningFactory,
)


@dataclass(frozen=True)
class PublicPage:
    name: str
    address: Callable[[SimpleNamespace], str]
    status: HTTPStatus = HTTPStatus.OK

    def __str__(self) -> str:
        return self.name


PUBLIC_PAGES = [
    PublicPage("home", lambda site: reverse("directory:home")),
    PublicPage("about", lambda site: reverse("directory:about")),
    PublicPage("imprint", lambda site: reverse("directory:imprint")),
    PublicPage("privacy", lambda site: reverse("directory:privacy")),
    PublicPage("not-found", lambda site: "/no-such-page/", HTTPStatus.NOT_FOUND),
    PublicPage("admin-login", lambda site: reverse("admin:login")),
]


def page_language(address: str) -> str:
    """The language a page is in: its /xx/ prefix if it has one, else the default language."""
    prefix = address.strip("/").split("/", 1)[0]
    return prefix if prefix in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def site() -> SimpleNamespace:
    kazakhstan = CountryFactory(code="KZ")
    uzbekistan = CountryFactory(code="UZ")
    education = CooperationFieldFactory(slug="education")
    environment = CooperationFieldFactory(slug="environment")
    berlin = GermanPlaceFactory(name="Berlin", federal_state="BE")
    almaty = CentralAsianPlaceFactory(name="Almaty", country=kazakhstan)
    PlaceAliasFactory(place=almaty, name="Алматы", language="ru")
    organisation = OrganisationFactory(
        name="Deutsch-Kasachische Gesellschaft e.V.",
        acronym="DKG",
        seat=berlin,
        countries=[kazakhstan],
        fields=[education],
    )
    OrganisationFactory(
        name="Umweltnetzwerk Aralsee", seat=berlin, countries=[uzbekistan], fields=[environment]
    )
    draft = OrganisationFactory(name="Entwurf Verein e.V.", draft=True, countries=[kazakhstan])
    twinning = TwinningFactory(
        german_place=berlin, central_asian_place=almaty, organisations=[organisation]
    )
    return SimpleNamespace(
        kazakhstan=kazakhstan,
        education=education,
        organisation=organisation,
        draft=draft,
        twinning=twinning,
        almaty=almaty,
    )
