"""Search that understands topics and never misleads: corrections only where needed and only to
known names, places and topics; topic terms in three languages; why each result matched."""

import csv
import io

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.urls import reverse

from directory.listing import results
from directory.listing.facets import Results
from directory.listing.filters import OrganisationFilter, TwinningFilter
from directory.models import Organisation, TopicTerm, Twinning
from directory.search.ranking import edit_distance, parse, ranked_matches
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


def query_dict(**params) -> QueryDict:
    data = QueryDict(mutable=True)
    data.update(params)
    return data


def names(query, **params):
    found, _errors = results.organisations(query_dict(q=query, **params))
    return [org.name for org in found[0 : found.total]]


def twinning_slugs(query):
    found, _errors = results.twinnings(query_dict(q=query))
    return [twinning.slug for twinning in found[0 : found.total]]


@pytest.fixture
def environment():
    return CooperationFieldFactory(slug="environment")


def test_a_known_place_name_is_not_corrected_to_a_description_word():
    bishkek = CentralAsianPlaceFactory(name="Bischkek", country=CountryFactory(code="KG"))
    PlaceAliasFactory(place=bishkek, name="Bishkek")
    OrganisationFactory(name="Public Foundation Shardana", seat=bishkek)
    TwinningFactory(
        german_place=GermanPlaceFactory(name="Nordsachsen"),
        central_asian_place=CentralAsianPlaceFactory(name="Karakol"),
        description="Eine förmliche Vereinbarung ist bisher nicht bekannt.",
    )
    assert twinning_slugs("Bishkek") == []
    assert twinning_slugs("Бишкек") == []


def test_words_of_four_letters_are_never_corrected():
    OrganisationFactory(name="Deutsch-Kasachische Gesellschaft")
    assert names("Gete") == []


def test_a_swap_of_two_letters_is_one_edit():
    assert edit_distance("umwlet", "umwelt", 1) == 1
    assert edit_distance("umwlet", "umwelt", 0) == 1  # over the limit


def test_a_typo_is_corrected_to_a_field_name(environment):
    OrganisationFactory(name="Ökologische Bewegung BIOM", fields=[environment])
    found = ranked_matches(Organisation.objects.published(), "Umwlet")
    assert found.plan.corrections == (("umvlet", "umvelt"),)
    assert len(found.tiers[0]) == 1


def test_a_typo_is_not_corrected_to_a_word_of_a_description():
    OrganisationFactory(name="Verein", description="Wir besuchen den Wasserfall.")
    assert names("Wassrefall") == []


def test_exact_asks_for_the_words_as_typed(environment):
    OrganisationFactory(name="Ökologische Bewegung BIOM", fields=[environment])
    assert names("Umwlet") == ["Ökologische Bewegung BIOM"]
    assert names("Umwlet", exact="1") == []


def test_acronyms_typed_in_capitals_match_whole_words_only():
    OrganisationFactory(name="Konrad-Adenauer-Stiftung", acronym="KAS")
    OrganisationFactory(name="Friedrich-Ebert-Stiftung Kasachstan", acronym="FES")
    assert names("KAS") == ["Konrad-Adenauer-Stiftung"]


def test_short_words_do_not_match_the_description():
    OrganisationFactory(name="Deutsche Allgemeine Zeitung", acronym="DAZ")
    OrganisationFactory(name="GIZ", description="Das ist die GIZ.")
    assert names("DAZ") == ["Deutsche Allgemeine Zeitung"]


@pytest.mark.parametrize("query", ["Гете", "Гёте", "Гёте-Институт"])
def test_russian_spelling_of_goethe_finds_the_goethe_institut(query):
    OrganisationFactory(name="Goethe-Institut Almaty")
    OrganisationFactory(name="Deutsch-Kasachische Gesellschaft")
    assert names(query) == ["Goethe-Institut Almaty"]


@pytest.mark.parametrize(
    "query", ["экология", "Klimaschutz", "Umweltschutz", "Naturschutz", "ecology", "климат"]
)
def test_topic_words_in_three_languages_find_the_field(environment, query):
    OrganisationFactory(name="Verein A", fields=[environment])
    OrganisationFactory(name="Verein B")
    assert names(query) == ["Verein A"]


def test_german_compound_finds_the_field_named_by_its_parts():
    rights = CooperationFieldFactory(slug="human-rights")
    OrganisationFactory(name="Ne moltschi", fields=[rights])
    assert names("Menschenrechte") == ["Ne moltschi"]


def test_hochschule_finds_universities_through_the_kind():
    OrganisationFactory(name="Staatliche Universität Buchara", kind="university")
    OrganisationFactory(name="Verein", kind="association")
    assert names("Hochschule") == ["Staatliche Universität Buchara"]


def test_a_term_a_curator_adds_finds_the_entries_of_its_field(environment):
    OrganisationFactory(name="Verein A", fields=[environment])
    assert names("Wüstenschutz") == []
    TopicTerm.objects.create(term="Wüstenschutz", field=environment)
    assert names("Wüstenschutz") == ["Verein A"]


def test_a_term_names_exactly_one_thing(environment):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TopicTerm.objects.create(term="Umwelt", field=environment, kind="ngo")


def test_exact_name_ranks_before_place_topic_and_description(environment):
    almaty = CentralAsianPlaceFactory(name="Almaty")
    OrganisationFactory(name="A Description", description="Wir arbeiten in Almaty.")
    OrganisationFactory(name="B Seat", seat=almaty)
    OrganisationFactory(name="Almaty")
    OrganisationFactory(name="C Büro Almaty")
    assert names("Almaty") == ["Almaty", "C Büro Almaty", "B Seat", "A Description"]


def test_list_page_offers_the_named_field_as_a_filter_with_its_count(client, environment):
    OrganisationFactory.create_batch(2, fields=[environment])
    response = client.get("/ru/organisations/", {"q": "экология"})
    offers = response.context["search_summary"].offers
    assert [(offer.count, offer.url) for offer in offers] == [
        (2, "?q=%D1%8D%D0%BA%D0%BE%D0%BB%D0%BE%D0%B3%D0%B8%D1%8F&field=environment")
    ]
    assert "— 2</a>" in response.content.decode()


def test_cards_say_why_they_matched_with_the_words_marked_and_escaped(client):
    OrganisationFactory(name="Verein", description="Wir fördern <b>Umweltbildung</b> in Osch.")
    page = client.get("/de/organisations/", {"q": "Osch"}).content.decode()
    assert "&lt;b&gt;Umweltbildung&lt;/b&gt; in <mark>Osch</mark>." in page
    assert "<b>Umweltbildung" not in page


def test_cards_name_the_seat_a_place_query_matched(client):
    tashkent = CentralAsianPlaceFactory(name="Taschkent")
    PlaceAliasFactory(place=tashkent, name="Ташкент")
    OrganisationFactory(name="Goethe-Institut", seat=tashkent)
    page = client.get("/de/organisations/", {"q": "Ташкент"}).content.decode()
    assert "Sitz: <mark>Taschkent</mark>" in page


def test_a_corrected_search_says_so_and_links_to_the_exact_words(client, environment):
    OrganisationFactory(name="Verein", fields=[environment])
    page = client.get("/de/organisations/", {"q": "Umwlet"}).content.decode()
    assert "<strong>Umwelt</strong>" in page
    assert 'href="?q=Umwlet&amp;exact=1"' in page


QUERIES = ["Almaty", "Umwelt", "экология", "Umwlet", "DAAD", "Ташкент", "Stiftung", "Гете"]


@pytest.fixture
def demo_data():
    call_command("load_demo_data", verbosity=0)
    call_command("rebuild_search_index", verbosity=0)


@pytest.mark.usefixtures("demo_data")
def test_lists_api_downloads_site_search_and_map_agree_on_what_matches(client):
    for query in QUERIES:
        params = query_dict(q=query)
        listed = OrganisationFilter(params, queryset=Organisation.objects.published())
        index = Results(listed, Organisation.objects.published())
        expected = [org.slug for org in index[0 : index.total]]
        api = client.get("/api/organisations/", {"q": query, "page_size": 100}).json()
        export_url = reverse("data:organisation-export", kwargs={"fmt": "csv"})
        export = client.get(export_url, {"q": query})
        body = b"".join(export.streaming_content).decode("utf-8-sig")
        site = client.get("/de/search/", {"q": query}).context
        assert [row["slug"] for row in api["results"]] == expected, query
        assert [row["slug"] for row in csv.DictReader(io.StringIO(body))] == expected, query
        assert [org.slug for org in site["organisations"]] == expected[:10], query
        twinning_filter = TwinningFilter(params, queryset=Twinning.objects.published())
        twinnings = Results(twinning_filter, Twinning.objects.published())
        twinning_page = client.get("/de/twinnings/", {"q": query}).context
        assert {t.slug for t in twinning_page["map"].twinnings} == {
            t.slug for t in twinnings[0 : twinnings.total]
        }, query
        assert parse(query)


def test_a_curator_adds_a_topic_term_in_the_admin_and_search_finds_it(curator_client, environment):
    OrganisationFactory(name="Verein A", fields=[environment])
    form = curator_client.get(reverse("admin:directory_topicterm_add"))
    assert form.status_code == 200
    response = curator_client.post(
        reverse("admin:directory_topicterm_add"),
        {"term": "Wüstenschutz", "field": environment.pk, "kind": "", "country": ""},
    )
    assert response.status_code == 302
    assert TopicTerm.objects.get(term="Wüstenschutz").field == environment
    assert names("Wüstenschutz") == ["Verein A"]


def test_a_term_naming_two_things_is_refused_with_a_message(curator_client, environment):
    response = curator_client.post(
        reverse("admin:directory_topicterm_add"),
        {"term": "Umwelt", "field": environment.pk, "kind": "ngo", "country": ""},
    )
    assert response.status_code == 200
    assert "Wählen Sie genau eines" in str(response.context["adminform"].form.errors)
    assert not TopicTerm.objects.filter(term="Umwelt", kind="ngo").exists()


def test_an_unknown_compound_is_found_by_its_known_parts(environment):
    education = CooperationFieldFactory(slug="education")
    OrganisationFactory(name="Hanns-Seidel-Stiftung", fields=[environment, education])
    OrganisationFactory(name="Michael Succow Stiftung", fields=[environment])
    found = ranked_matches(Organisation.objects.published(), "Umweltbildung")
    assert found.plan.corrections == (("umveltbildung", "umvelt bildung"),)
    assert names("Umweltbildung") == ["Hanns-Seidel-Stiftung"]
