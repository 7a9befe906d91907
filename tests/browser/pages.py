"""The public page types that every generic browser check runs on: one line per page type.

``site()`` makes a small, representative directory (published entries with countries, fields,
places and a Cyrillic alias, plus a draft); each page type turns it into an address.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from http import HTTPStatus
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    CallFactory,
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactFactory,
    CountryFactory,
    EventFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    PartnerRequestFactory,
    PlaceAliasFactory,
    ProgrammeFactory,
    TwinningFactory,
)


@dataclass(frozen=True)
class PublicPage:
    name: str
    address: Callable[[SimpleNamespace], str]
    status: HTTPStatus = HTTPStatus.OK

    def __str__(self) -> str:
        return self.name


def named(url_name: str, query: str = "") -> Callable[[SimpleNamespace], str]:
    return lambda site: reverse(url_name) + query


def named_in(language: str, url_name: str) -> Callable[[SimpleNamespace], str]:
    """The page in ``language`` (its /xx/ prefix)."""

    def address(site: SimpleNamespace) -> str:
        with translation.override(language):
            return reverse(url_name)

    return address


PUBLIC_PAGES = [
    PublicPage("home", named("directory:home")),
    PublicPage("organisation-list", named("directory:organisation-list")),
    PublicPage(
        "organisation-list-filtered",
        named("directory:organisation-list", "?q=Gesellschaft&country=KZ&field=education"),
    ),
    PublicPage("organisation-list-empty", named("directory:organisation-list", "?q=zzzz")),
    PublicPage("organisation-detail", lambda site: site.organisation.get_absolute_url()),
    PublicPage("twinning-list", named("directory:twinning-list")),
    PublicPage(
        "twinning-list-filtered",
        named("directory:twinning-list", "?country=KZ&state=BE&kind=twinning&status=active"),
    ),
    PublicPage("twinning-detail", lambda site: site.twinning.get_absolute_url()),
    PublicPage("twinning-opportunities", named("directory:twinning-opportunities")),
    PublicPage("place", lambda site: site.almaty.get_absolute_url()),
    PublicPage("place-with-organisations", lambda site: site.berlin.get_absolute_url()),
    PublicPage("programme-list", named("directory:programme-list")),
    PublicPage("programme-detail", lambda site: site.programme.get_absolute_url()),
    PublicPage("programme-landscape", named("directory:programme-landscape")),
    PublicPage("call-list", named("directory:call-list")),
    PublicPage("call-list-filtered", named("directory:call-list", "?country=KZ&state=open")),
    PublicPage("call-detail", lambda site: site.call.get_absolute_url()),
    PublicPage("event-list", named("directory:event-list")),
    PublicPage(
        "event-list-filtered", named("directory:event-list", "?when=upcoming&kind=round_table")
    ),
    PublicPage("event-detail", lambda site: site.event.get_absolute_url()),
    PublicPage("partner-request-list", named("directory:partner-request-list")),
    PublicPage(
        "partner-request-list-filtered",
        named("directory:partner-request-list", "?country=KZ&field=education&kind=university"),
    ),
    PublicPage("partner-request-detail", lambda site: site.partner_request.get_absolute_url()),
    PublicPage(
        "partner-request-answered",
        lambda site: reverse(
            "directory:partner-request-answered", kwargs={"pk": site.partner_request.pk}
        ),
    ),
    PublicPage("partner-request-new", named("directory:partner-request-new")),
    PublicPage("partner-request-thanks", named("directory:partner-request-thanks")),
    PublicPage("country", lambda site: site.kazakhstan.get_absolute_url()),
    PublicPage("country-compare", named("directory:country-compare")),
    PublicPage("field", lambda site: site.education.get_absolute_url()),
    PublicPage("search", named("directory:search", "?q=Алматы")),
    PublicPage("search-nothing-found", named("directory:search", "?q=zzzz")),
    PublicPage("search-empty", named("directory:search")),
    PublicPage("suggest", named("directory:suggest")),
    PublicPage(
        "suggest-correction",
        lambda site: reverse("directory:suggest") + f"?organisation={site.organisation.slug}",
    ),
    PublicPage("suggest-thanks", named("directory:suggest-thanks")),
    PublicPage("data", named("directory:data")),
    PublicPage("statistics", named("directory:statistics")),
    PublicPage("api-docs", named("directory:api-docs")),
    PublicPage("about", named("directory:about")),
    PublicPage("imprint", named("directory:imprint")),
    PublicPage("privacy", named("directory:privacy")),
    PublicPage(
        "not-found",
        lambda site: reverse("directory:home") + "no-such-page/",  # in the page language
        HTTPStatus.NOT_FOUND,
    ),
    PublicPage("admin-login", named("admin:login")),
    # Last: the test client's request leaves its language active, and the pages after it would
    # be reversed in that language.
    PublicPage("statistics-en", named_in("en", "directory:statistics")),
    PublicPage("statistics-ru", named_in("ru", "directory:statistics")),
]


def page_language(address: str) -> str:
    """The language a page is in: its /xx/ prefix if it has one, else the default language."""
    prefix = address.strip("/").split("/", 1)[0]
    return prefix if prefix in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def site() -> SimpleNamespace:
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    uzbekistan = CountryFactory(code="UZ", name="Usbekistan", is_focus=True)
    education = CooperationFieldFactory(slug="education", name="Bildung")
    environment = CooperationFieldFactory(slug="environment", name="Umwelt und Klima")
    germany = CountryFactory(code="DE", name="Deutschland")
    berlin = GermanPlaceFactory(name="Berlin", federal_state="BE", country=germany)
    almaty = CentralAsianPlaceFactory(name="Almaty", country=kazakhstan)
    PlaceAliasFactory(place=almaty, name="Алматы", language="ru")
    organisation = OrganisationFactory(
        name="Deutsch-Kasachische Gesellschaft e.V.",
        acronym="DKG",
        other_names="Германо-казахстанское общество; German-Kazakh Society",
        founded_year=1992,
        # Long words and addresses are what push a phone layout sideways.
        website="https://www.deutsch-kasachische-gesellschaft.example.org/ueber-uns/kontakt",
        email="geschaeftsstelle.zentralasienkooperation@example.org",
        seat=berlin,
        countries=[kazakhstan],
        fields=[education],
    )
    OrganisationFactory(
        name="Städtepartnerschaftsförderungsgesellschaft Aralsee",
        seat=berlin,
        countries=[uzbekistan],
        fields=[environment],
    )
    draft = OrganisationFactory(name="Entwurf Verein e.V.", draft=True, countries=[kazakhstan])
    twinning = TwinningFactory(
        german_place=berlin, central_asian_place=almaty, organisations=[organisation]
    )
    OrganisationFactory(name="Goethe-Institut Almaty", kind="public_body", seat=almaty)
    CountryFactFactory(
        country=kazakhstan,
        kind="civic_space",
        value="Unterdrückt (repressed), 27/100",
        text="Laut CIVICUS Monitor ist der zivilgesellschaftliche Raum eingeschränkt.",
        # A long address without spaces: what pushes a phone layout sideways.
        source_url="https://monitor.example.org/country/kazakhstan/civic-space-rating-2023-people-power",
        source_title="CIVICUS Monitor: People Power Under Attack 2023 – Kasachstan",
        as_of=date(2023, 12, 31),
    )
    CountryFactFactory(
        country=kazakhstan,
        kind="visa_from_germany",
        value="Visumfrei bis 30 Tage",
        text="Deutsche Staatsangehörige brauchen für bis zu 30 Tage kein Visum.",
        source_url="https://botschaft.example.org/einreise",
        source_title="Deutsche Botschaft Astana: Einreise und Aufenthalt in Kasachstan",
    )
    programme = ProgrammeFactory(
        name="Förderprogramm für zivilgesellschaftliche Zusammenarbeit mit Zentralasien",
        funder=organisation,
        countries=[kazakhstan, uzbekistan],
        fields=[education],
        eligible="ngo municipality",
        amount_min=1000,
        amount_max=50000,
        currency="EUR",
        how_to_apply="Projektskizze über das Portal einreichen.",
        url="https://foerderung.example.org/programme/zivilgesellschaft-zentralasien-2030",
    )
    call = CallFactory(
        name="Ausschreibung 2030: Partnerschaftsprojekte",
        programme=programme,
        countries=[kazakhstan],
        fields=[education],
        opens_on=date(2030, 1, 1),
        deadline=datetime(2030, 3, 1, 18, 0, tzinfo=ZoneInfo("Asia/Almaty")),
        deadline_timezone="Asia/Almaty",
        eligibility="Vereine mit Sitz in Deutschland.",
        url="https://foerderung.example.org/ausschreibungen/2030-partnerschaftsprojekte",
    )
    event = EventFactory(
        name="Runder Tisch Zivilgesellschaft",
        kind="round_table",
        starts_on=date(2030, 9, 20),
        ends_on=date(2030, 9, 21),
        place=berlin,
        online=True,
        countries=[kazakhstan],
        organisers=[organisation],
        twinnings=[twinning],
    )
    partner_request = PartnerRequestFactory(
        public=True,
        poster_name="Deutsch-Kasachische Gesellschaft e.V.",
        poster_organisation=organisation,
        title="Eine Hochschule in Kasachstan für einen Studierendenaustausch im Umweltschutz",
        description="Wir planen ab 2027 einen Austausch von Studierenden.\nPartnerhochschulen?",
        language="de",
        partner_kind="university",
        countries=[kazakhstan],
        fields=[education],
    )
    return SimpleNamespace(
        programme=programme,
        call=call,
        event=event,
        partner_request=partner_request,
        kazakhstan=kazakhstan,
        education=education,
        organisation=organisation,
        draft=draft,
        twinning=twinning,
        almaty=almaty,
        berlin=berlin,
    )
