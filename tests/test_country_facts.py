"""Country facts: the model's rules, the country page, the comparison, API, CSV and admin."""

import csv
import io
import json
from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from directory.countries.profiles import COMPARISON_QUERIES, comparison
from directory.countries.records import FACT_COLUMNS
from directory.demo.country_facts import FACTS_FILE, load_country_facts
from directory.models import CountryFact, CountryFactKind, PublicationStatus, months_before
from tests.factories import (
    CentralAsianPlaceFactory,
    CountryFactFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    ProgrammeFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db

FOCUS = ["KZ", "KG", "TJ", "TM", "UZ"]


@pytest.fixture
def kazakhstan():
    return CountryFactory(code="KZ", name="Kasachstan", is_focus=True)


def page_text(response) -> str:
    return response.content.decode()


def country_page(code="KZ", language="de"):
    return f"/{language}/countries/{code.lower()}/"


# The model ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 29), 18, date(2025, 5, 29)),
        (date(2026, 8, 31), 18, date(2025, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 15), 1, date(2025, 12, 15)),
    ],
)
def test_months_before_counts_calendar_months_and_clamps_to_month_end(day, months, expected):
    assert months_before(day, months) == expected


def test_fact_older_than_18_months_is_possibly_outdated(kazakhstan):
    old = CountryFactFactory(country=kazakhstan, as_of=months_before(timezone.localdate(), 19))
    assert old.is_outdated


def test_fact_from_17_months_ago_is_current(kazakhstan):
    recent = CountryFactFactory(country=kazakhstan, as_of=months_before(timezone.localdate(), 17))
    assert not recent.is_outdated


def test_as_of_date_in_the_future_is_rejected(kazakhstan):
    fact = CountryFactFactory.build(
        country=kazakhstan, as_of=timezone.localdate() + timedelta(days=1)
    )
    with pytest.raises(ValidationError) as error:
        fact.full_clean()
    assert "as_of" in error.value.message_dict


def test_source_url_must_be_a_web_address(kazakhstan):
    fact = CountryFactFactory.build(country=kazakhstan, source_url="nur ein Titel")
    with pytest.raises(ValidationError) as error:
        fact.full_clean()
    assert "source_url" in error.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [("source_url", ""), ("kind", "rumour"), ("as_of", date(1980, 1, 1))],
    ids=["empty-source", "unknown-kind", "before-1991"],
)
def test_database_refuses_unsourced_unknown_or_implausible_facts(kazakhstan, field, value):
    fact = CountryFactFactory.build(country=kazakhstan, **{field: value})
    with pytest.raises(IntegrityError), transaction.atomic():
        fact.save()


def test_the_same_source_and_date_cannot_be_entered_twice(kazakhstan):
    first = CountryFactFactory(country=kazakhstan)
    duplicate = CountryFactFactory.build(
        country=kazakhstan, kind=first.kind, source_url=first.source_url, as_of=first.as_of
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


# The country page -----------------------------------------------------------------------


def test_country_page_shows_fact_with_value_date_and_source_link(client, kazakhstan):
    CountryFactFactory(
        country=kazakhstan,
        value="Unterdrückt",
        text="Der Raum ist eingeschränkt.",
        source_url="https://monitor.example.org/kazakhstan",
        source_title="CIVICUS Monitor: Kasachstan",
        as_of=date(2026, 6, 1),
    )
    response = client.get(country_page())
    html = page_text(response)

    assert "Zivilgesellschaftlicher Raum auf einen Blick" in html
    assert "Unterdrückt" in html
    assert "Der Raum ist eingeschränkt." in html
    assert '<time datetime="2026-06-01">' in html
    assert '<a href="https://monitor.example.org/kazakhstan"' in html
    assert "CIVICUS Monitor: Kasachstan" in html


def test_visa_facts_appear_under_travel_and_exchange(client, kazakhstan):
    CountryFactFactory(country=kazakhstan, kind=CountryFactKind.CIVIC_SPACE, value="Rating")
    CountryFactFactory(country=kazakhstan, kind=CountryFactKind.VISA_TO_GERMANY, value="Termin")
    profile = client.get(country_page()).context["profile"]

    assert [fact.value for fact in profile.civic_space] == ["Rating"]
    assert [fact.value for fact in profile.travel] == ["Termin"]


def test_outdated_fact_is_marked_and_current_fact_is_not(client, kazakhstan):
    today = timezone.localdate()
    CountryFactFactory(country=kazakhstan, value="Alt", as_of=months_before(today, 24))
    CountryFactFactory(country=kazakhstan, kind=CountryFactKind.FREEDOM, value="Neu", as_of=today)
    html = page_text(client.get(country_page()))

    marker = '<strong class="badge badge--outdated">möglicherweise veraltet</strong>'
    assert html.count(marker) == 1
    old_card = html[html.index(">Alt<") : html.index(">Neu<")]
    assert marker in old_card


def test_untranslated_fact_shows_german_with_the_only_in_german_note(client, kazakhstan):
    CountryFactFactory(country=kazakhstan, value="Geschlossen", text="Nur deutscher Text.")
    html = page_text(client.get(country_page(language="en")))

    assert "This description is only available in German." in html
    assert '<div class="fact__text" lang="de"><p>Nur deutscher Text.</p></div>' in html
    assert '<p class="fact__value" lang="de">Geschlossen</p>' in html


def test_translated_fact_is_shown_in_the_page_language_without_note(client, kazakhstan):
    fact = CountryFactFactory(country=kazakhstan, text="Deutscher Text.")
    fact.text_ru, fact.value_ru = "Русский текст.", "Закрытое"
    fact.save()
    html = page_text(client.get(country_page(language="ru")))

    assert "Русский текст." in html
    assert "Закрытое" in html
    assert "Deutscher Text." not in html
    assert "Это описание доступно только на немецком языке." not in html


def test_country_without_facts_says_so(client, kazakhstan):
    html = page_text(client.get(country_page()))
    assert "noch keine belegten Angaben zum zivilgesellschaftlichen Raum" in html


def test_germany_has_no_profile_sections(client):
    CountryFactory(code="DE", name="Deutschland")
    html = page_text(client.get(country_page("DE")))
    assert "Deutsche Präsenz" not in html


def test_german_presence_lists_only_published_offices_of_german_institutions_seated_there(
    client, kazakhstan
):
    almaty = CentralAsianPlaceFactory(name="Almaty", country=kazakhstan)
    OrganisationFactory(
        name="Goethe-Institut Almaty", kind="public_body", seat=almaty, german_office=True
    )
    OrganisationFactory(
        name="Stiftung Büro Almaty", kind="foundation", seat=almaty, german_office=True
    )
    OrganisationFactory(name="Verwaltungsakademie", kind="public_body", seat=almaty)
    OrganisationFactory(name="Örtlicher Fonds", kind="foundation", seat=almaty)
    OrganisationFactory(
        name="Stiftung in Berlin", kind="foundation", seat=GermanPlaceFactory(), german_office=True
    )
    OrganisationFactory(
        name="Entwurfsbüro", kind="foundation", seat=almaty, german_office=True, draft=True
    )

    presence = client.get(country_page()).context["profile"].german_presence

    assert [o.name for o in presence] == ["Goethe-Institut Almaty", "Stiftung Büro Almaty"]


def test_german_presence_states_its_rule_and_links_the_countrys_twinnings(client, kazakhstan):
    TwinningFactory(central_asian_place=CentralAsianPlaceFactory(country=kazakhstan))
    html = page_text(client.get(country_page()))

    assert "als Büro einer deutschen Einrichtung" in html
    assert "gekennzeichnet hat und die ihren Sitz in Kasachstan haben." in html
    assert '<a href="/de/twinnings/?country=KZ">1 Städtepartnerschaft mit Kasachstan</a>' in html


def test_german_embassy_is_shown_under_german_presence_not_civic_space(client, kazakhstan):
    CountryFactFactory(
        country=kazakhstan,
        kind=CountryFactKind.GERMAN_EMBASSY,
        value="Deutsche Botschaft Astana",
        source_url="https://kasachstan.diplo.de/kz-de",
    )
    response = client.get(country_page())
    profile = response.context["profile"]
    html = page_text(response)

    assert [fact.value for fact in profile.embassy] == ["Deutsche Botschaft Astana"]
    assert profile.civic_space == []
    presence = html[html.index('id="presence-heading"') :]
    assert "Deutsche Botschaft Astana" in presence
    assert 'href="https://kasachstan.diplo.de/kz-de"' in presence


def test_country_without_recorded_embassy_says_so(client, kazakhstan):
    html = page_text(client.get(country_page()))
    assert "Die deutsche Botschaft für dieses Land ist noch nicht erfasst." in html


def test_curators_mark_offices_of_german_institutions_in_the_admin(curator_client, kazakhstan):
    office = OrganisationFactory(name="Goethe-Institut Almaty", german_office=True)
    OrganisationFactory(name="Verwaltungsakademie")
    change = curator_client.get(reverse("admin:directory_organisation_change", args=[office.pk]))
    listing = curator_client.get(
        reverse("admin:directory_organisation_changelist"), {"german_office__exact": "1"}
    )

    assert change.context["adminform"].form["german_office"].value() is True
    assert "Büro einer deutschen Einrichtung" in page_text(change)
    assert [o.name for o in listing.context["cl"].result_list] == ["Goethe-Institut Almaty"]


def test_country_page_and_home_link_the_comparison(client, kazakhstan):
    compare = reverse("directory:country-compare")
    assert f'href="{compare}"' in page_text(client.get(country_page()))
    assert f'href="{compare}"' in page_text(client.get(reverse("directory:home")))


# The comparison -------------------------------------------------------------------------


@pytest.fixture
def five_countries():
    names = ["Kasachstan", "Kirgisistan", "Tadschikistan", "Turkmenistan", "Usbekistan"]
    return {
        code: CountryFactory(code=code, name=name, is_focus=True)
        for code, name in zip(FOCUS, names, strict=True)
    }


def test_comparison_shows_the_five_countries_with_their_counts(client, five_countries):
    kz = five_countries["KZ"]
    OrganisationFactory.create_batch(2, countries=[kz])
    TwinningFactory(central_asian_place=CentralAsianPlaceFactory(country=kz))
    comparison = client.get(reverse("directory:country-compare")).context["comparison"]

    counts = {
        e.country.code: (e.organisation_count, e.twinning_count) for e in comparison.countries
    }
    assert counts == {"KZ": (2, 1), "KG": (0, 0), "TJ": (0, 0), "TM": (0, 0), "UZ": (0, 0)}


def test_comparison_shows_the_newest_fact_per_kind_with_its_source(client, five_countries):
    kz = five_countries["KZ"]
    CountryFactFactory(country=kz, value="Älter", as_of=date(2024, 1, 1))
    CountryFactFactory(
        country=kz,
        value="Neuer",
        as_of=date(2025, 1, 1),
        source_url="https://monitor.example.org/neu",
    )
    response = client.get(reverse("directory:country-compare"))
    [row] = response.context["comparison"].rows
    cells = {entry.country.code: fact for entry, fact in row.cells}
    html = page_text(response)

    assert cells["KZ"].value == "Neuer"
    assert cells["UZ"] is None
    assert '<a class="compare__source" href="https://monitor.example.org/neu"' in html
    assert "Älter" not in html
    assert "nicht erfasst" in html


def test_comparison_cells_link_to_the_filtered_lists(client, five_countries):
    html = page_text(client.get(reverse("directory:country-compare")))
    for code in FOCUS:
        assert f'href="/de/organisations/?country={code}"' in html
        assert f'href="/de/twinnings/?country={code}"' in html
        assert f'href="/de/programmes/?country={code}&amp;status=running"' in html


def test_comparison_counts_published_running_programmes_per_country(client, five_countries):
    kz, kg = five_countries["KZ"], five_countries["KG"]
    ProgrammeFactory(countries=[kz, kg])
    ProgrammeFactory(countries=[kz])
    ProgrammeFactory(countries=[kz], status="ended")
    ProgrammeFactory(countries=[kz], status="paused")
    ProgrammeFactory(countries=[kz], publication_status=PublicationStatus.DRAFT)

    response = client.get(reverse("directory:country-compare"))
    counts = {e.country.code: e.programme_count for e in response.context["comparison"].countries}

    assert counts == {"KZ": 2, "KG": 1, "TJ": 0, "TM": 0, "UZ": 0}
    assert "2 laufende Programme</a>" in page_text(response)


def test_comparison_needs_a_fixed_number_of_queries(five_countries, django_assert_num_queries):
    for code, country in five_countries.items():
        ProgrammeFactory.create_batch(3, countries=[country])
        TwinningFactory(central_asian_place=CentralAsianPlaceFactory(country=country))
        CountryFactFactory(country=country, source_url=f"https://example.org/{code}")

    with django_assert_num_queries(COMPARISON_QUERIES):
        comparison()


def test_empty_comparison_cell_links_to_the_section_of_the_country_page(client, five_countries):
    CountryFactFactory(country=five_countries["KZ"], kind=CountryFactKind.VISA_TO_GERMANY)
    html = page_text(client.get(reverse("directory:country-compare")))

    assert (
        '<a class="compare__missing" href="/de/countries/uz/#travel-heading">nicht erfasst'
        '<span class="visually-hidden">: siehe die Seite zu Usbekistan</span></a>'
    ) in html
    assert f'href="{reverse("directory:suggest")}">Angabe vorschlagen</a>' in html


def test_comparison_table_has_caption_and_headers(client, five_countries):
    html = page_text(client.get(reverse("directory:country-compare")))
    assert "<caption>" in html
    assert html.count('<th scope="col">') == 5
    assert '<th scope="row">' in html


def test_comparison_is_translated(client, five_countries):
    with translation.override("ru"):
        url = reverse("directory:country-compare")
    assert "Пять стран Центральной Азии в сравнении" in page_text(client.get(url))


# API, OpenAPI and CSV -------------------------------------------------------------------


def test_api_lists_facts_with_every_language_and_falls_back_to_null(client, kazakhstan):
    CountryFactFactory(
        country=kazakhstan, value="Geschlossen", text="Text.", as_of=date(2025, 3, 1)
    )
    response = client.get(reverse("data:api-country-fact-list"))
    [record] = response.json()["results"]

    assert response.status_code == HTTPStatus.OK
    assert list(record) == FACT_COLUMNS
    assert record["country"] == "KZ"
    assert record["text_de"] == "Text."
    assert record["text_en"] is None
    assert record["value_ru"] is None
    assert record["as_of"] == "2025-03-01"


def test_api_filters_facts_by_country(client, kazakhstan):
    CountryFactFactory(country=kazakhstan)
    CountryFactFactory(country=CountryFactory(code="UZ", is_focus=True))
    response = client.get(reverse("data:api-country-fact-list") + "?country=uz")
    assert [record["country"] for record in response.json()["results"]] == ["UZ"]


@pytest.mark.parametrize("bad", ["KAZ", "1Z", "ÄÖ", "XX"])
def test_api_answers_a_bad_country_code_with_400(client, bad):
    response = client.get(reverse("data:api-country-fact-list"), {"country": bad})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "country" in response.json()["errors"]


def test_openapi_documents_the_facts_endpoint_and_every_record_field(client):
    document = client.get(reverse("data:api-openapi")).json()
    schema = document["components"]["schemas"]["CountryFact"]

    assert "/api/country-facts/" in document["paths"]
    assert list(schema["properties"]) == FACT_COLUMNS
    assert reverse("data:api-country-fact-list").endswith("/api/country-facts/")


def test_csv_download_has_one_row_per_fact_and_neutralises_formulas(client, kazakhstan):
    CountryFactFactory(country=kazakhstan, value="=HYPERLINK(1)", text="Text.")
    response = client.get(reverse("data:country-facts-csv"))
    body = response.content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert rows[0] == FACT_COLUMNS
    assert len(rows) == 2
    assert rows[1][FACT_COLUMNS.index("value_de")] == "'=HYPERLINK(1)"


def test_comparison_links_the_csv_download(client, five_countries):
    html = page_text(client.get(reverse("directory:country-compare")))
    assert f'href="{reverse("data:country-facts-csv")}"' in html


# Curators -------------------------------------------------------------------------------


def test_curators_may_add_change_and_delete_country_facts(curator):
    for action in ("add", "change", "delete", "view"):
        assert curator.has_perm(f"directory.{action}_countryfact"), action


def test_curator_adds_a_fact_in_the_admin_and_history_records_it(curator_client, kazakhstan):
    response = curator_client.post(
        reverse("admin:directory_countryfact_add"),
        {
            "country": kazakhstan.pk,
            "kind": CountryFactKind.FREEDOM,
            "value_de": "Nicht frei, 23/100",
            "text_de": "Freedom House stuft Kasachstan als nicht frei ein.",
            "source_url": "https://freedomhouse.example.org/kazakhstan",
            "source_title": "Freedom House",
            "as_of": "2025-02-26",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].errors
    fact = CountryFact.objects.get()
    assert fact.value == "Nicht frei, 23/100"
    assert Version.objects.get_for_object(fact).count() == 1


def test_admin_form_requires_german_text_and_a_source(curator_client, kazakhstan):
    response = curator_client.post(
        reverse("admin:directory_countryfact_add"),
        {"country": kazakhstan.pk, "kind": CountryFactKind.FREEDOM, "as_of": "2025-02-26"},
    )
    errors = response.context["adminform"].errors
    assert response.status_code == HTTPStatus.OK
    assert {"text_de", "source_url"} <= set(errors)
    assert not CountryFact.objects.exists()


def test_admin_list_marks_outdated_facts_and_filters_them(curator_client, kazakhstan):
    CountryFactFactory(country=kazakhstan, value="Alt", as_of=date(2020, 1, 1))
    CountryFactFactory(country=kazakhstan, kind=CountryFactKind.FREEDOM, value="Neu")
    url = reverse("admin:directory_countryfact_changelist")
    response = curator_client.get(url, {"outdated": "yes"})
    assert [fact.value for fact in response.context["cl"].result_list] == ["Alt"]


# Demo data ------------------------------------------------------------------------------


def test_demo_facts_are_sourced_dated_and_in_three_languages():
    entries = json.loads(FACTS_FILE.read_text(encoding="utf-8"))["facts"]
    assert {entry["country"] for entry in entries} == set(FOCUS)
    for entry in entries:
        assert entry["source_url"].startswith(("https://", "http://")), entry
        assert entry["as_of_basis"], entry
        date.fromisoformat(entry["as_of"])
        assert entry["kind"] in CountryFactKind.values
        for field in ("value", "text"):
            assert set(entry[field]) == {"de", "en", "ru"}, entry


def test_every_demo_fact_has_a_source_an_as_of_date_and_the_date_it_was_read():
    entries = json.loads(FACTS_FILE.read_text(encoding="utf-8"))["facts"]
    for entry in entries:
        assert entry["source_url"], entry
        assert entry["source_title"], entry
        as_of = date.fromisoformat(entry["as_of"])
        read_on = date.fromisoformat(entry["read_on"])
        assert as_of <= read_on <= timezone.localdate(), entry


def test_demo_data_names_the_german_embassy_of_every_central_asian_country():
    entries = json.loads(FACTS_FILE.read_text(encoding="utf-8"))["facts"]
    embassies = {e["country"]: e for e in entries if e["kind"] == CountryFactKind.GERMAN_EMBASSY}
    assert set(embassies) == set(FOCUS)
    for entry in embassies.values():
        assert ".diplo.de/" in entry["source_url"], entry


def test_demo_data_uses_one_freedom_house_edition_for_all_five_countries():
    entries = json.loads(FACTS_FILE.read_text(encoding="utf-8"))["facts"]
    ratings = [e for e in entries if e["kind"] == CountryFactKind.FREEDOM]
    assert sorted(e["country"] for e in ratings) == sorted(FOCUS)
    assert {e["as_of"] for e in ratings} == {"2024-12-31"}
    assert all("Freedom in the World 2025" in e["source_title"] for e in ratings)


def test_loading_demo_facts_twice_changes_nothing(five_countries):
    first = load_country_facts()
    second = load_country_facts()

    assert first.created == CountryFact.objects.count() > 0
    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == first.created


def test_load_demo_data_command_loads_the_country_facts_and_reports_them_on_stderr():
    from io import StringIO

    from django.core.management import call_command

    stdout, stderr = StringIO(), StringIO()
    call_command("load_demo_data", stdout=stdout, stderr=stderr)

    assert CountryFact.objects.filter(country__code__in=FOCUS).count() == len(
        json.loads(FACTS_FILE.read_text(encoding="utf-8"))["facts"]
    )
    assert "Loaded country facts:" in stderr.getvalue()
    assert len(stdout.getvalue().splitlines()) == 1


def test_sitemap_lists_the_comparison_in_every_language(client):
    body = client.get("/sitemap-pages.xml").content.decode()
    for language in ("de", "en", "ru"):
        assert f"/{language}/countries/compare/</loc>" in body
