"""Clearly synthetic directory data for load tests and benchmarks, deterministic for a seed.

Every synthetic row carries the slug prefix ``synthetic-`` and the source "Synthetic data …";
organisation and twinning descriptions say "Synthetischer Eintrag". The generator refuses to
write into a database that holds other organisations or twinnings (the demo data, real data), and
``load_demo_data`` refuses to load into a database that holds synthetic rows, so the two never mix.

Distributions follow the demo data roughly: most organisations sit in Germany or Kazakhstan and
Uzbekistan, associations dominate, education and culture are the commonest fields; names are
German (60 %), Russian in Cyrillic (25 %) or English (15 %); places come with alternative
spellings (German, English, Russian, former names). Rows are written with ``bulk_create`` (link
rows with ``COPY`` on PostgreSQL) and their search text is computed in Python with memoised word
keys, so no signals run.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection, transaction

from directory.models import (
    CooperationField,
    Country,
    Organisation,
    Place,
    PlaceAlias,
    PublicationStatus,
    Twinning,
    TwinningKind,
)
from directory.search.index import (
    compose,
    country_texts,
    federal_state_names,
    field_texts,
    kind_texts,
    rebuild_vocabulary,
)
from directory.search.normalise import index_words

PREFIX = "synthetic-"
SOURCE = "Synthetic data for load tests (manage.py generate_synthetic_data), seed {seed}"
BATCH_SIZE = 2000

# Real places with their usual alternative spellings: (name, federal state, aliases).
GERMAN_PLACES = [
    ("Berlin", "BE", ["Берлин"]), ("Hamburg", "HH", ["Гамбург"]), ("München", "BY", ["Munich",
    "Мюнхен"]), ("Köln", "NW", ["Cologne", "Кёльн"]), ("Frankfurt am Main", "HE", ["Франкфурт"]),
    ("Leipzig", "SN", ["Лейпциг"]), ("Dresden", "SN", ["Дрезден"]), ("Hannover", "NI",
    ["Hanover", "Ганновер"]), ("Nürnberg", "BY", ["Nuremberg", "Нюрнберг"]), ("Bremen", "HB",
    ["Бремен"]), ("Erfurt", "TH", ["Эрфурт"]), ("Jena", "TH", ["Йена"]), ("Rostock", "MV",
    ["Росток"]), ("Greifswald", "MV", []), ("Potsdam", "BB", ["Потсдам"]), ("Magdeburg", "ST",
    ["Магдебург"]), ("Halle (Saale)", "ST", ["Галле"]), ("Kiel", "SH", ["Киль"]), ("Mainz",
    "RP", ["Майнц"]), ("Saarbrücken", "SL", ["Саарбрюккен"]), ("Stuttgart", "BW",
    ["Штутгарт"]), ("Freiburg im Breisgau", "BW", ["Фрайбург"]), ("Bonn", "NW", ["Бонн"]),
    ("Düsseldorf", "NW", ["Дюссельдорф"]), ("Münster", "NW", []), ("Chemnitz", "SN",
    ["Karl-Marx-Stadt", "Хемниц"]), ("Weimar", "TH", ["Веймар"]), ("Göttingen", "NI", []),
    ("Heidelberg", "BW", ["Гейдельберг"]), ("Regensburg", "BY", []),
]  # fmt: skip
CENTRAL_ASIAN_PLACES = {
    "KZ": [("Almaty", ["Алматы", "Alma-Ata", "Алма-Ата"]), ("Astana", ["Астана", "Nur-Sultan",
           "Akmolinsk", "Zelinograd"]), ("Schymkent", ["Shymkent", "Шымкент"]), ("Karaganda",
           ["Qaraghandy", "Караганда"]), ("Pawlodar", ["Pavlodar", "Павлодар"]), ("Aqtöbe",
           ["Aktobe", "Актобе", "Aktjubinsk"]), ("Öskemen",
           ["Ust-Kamenogorsk", "Усть-Каменогорск"])],
    "UZ": [("Taschkent", ["Tashkent", "Toshkent", "Ташкент"]), ("Samarkand", ["Samarqand",
           "Самарканд"]), ("Buchara", ["Bukhara", "Buxoro", "Бухара"]), ("Fergana", ["Farg'ona",
           "Фергана"]), ("Namangan", ["Наманган"]), ("Nukus", ["Нукус"])],
    "KG": [("Bischkek", ["Bishkek", "Бишкек", "Frunse", "Frunze"]), ("Osch", ["Osh", "Ош"]),
           ("Karakol", ["Каракол", "Prschewalsk"]), ("Dschalalabad", ["Jalal-Abad",
           "Джалал-Абад"])],
    "TJ": [("Duschanbe", ["Dushanbe", "Душанбе", "Stalinabad"]), ("Chudschand", ["Khujand",
           "Худжанд", "Leninabad"]), ("Chorugh", ["Khorog", "Хорог"]), ("Kulob", ["Kulyab",
           "Куляб"])],
    "TM": [("Aschgabat", ["Ashgabat", "Aşgabat", "Ашхабад"]), ("Türkmenabat", ["Turkmenabat",
           "Туркменабад", "Чарджоу", "Chardzhou"]), ("Mary", ["Мары", "Merv"])],
}  # fmt: skip
# Invented places, so that there are enough pairs for thousands of twinnings.
GERMAN_STEMS = ["Alt", "Neu", "Ober", "Unter", "Groß", "Klein", "Hohen", "Linden", "Rosen",
                "Eichen", "Birken", "Wald", "Stein", "Mühl", "Sonnen", "Tann"]  # fmt: skip
GERMAN_ENDINGS = ["bach", "berg", "dorf", "feld", "hagen", "hausen", "heim", "ingen", "stadt",
                  "walde", "burg", "au", "furt"]  # fmt: skip
STATES = ["BW", "BY", "BB", "HE", "MV", "NI", "NW", "RP", "SN", "ST", "SH", "TH"]
CENTRAL_ASIAN_STEMS = [("Ak", "Ак"), ("Kara", "Кара"), ("Kok", "Кок"), ("Sary", "Сары"),
                       ("Kyzyl", "Кызыл"), ("Tasch", "Таш"), ("Bek", "Бек"), ("Jangi", "Янги"),
                       ("Altyn", "Алтын"), ("Orta", "Орта")]  # fmt: skip
CENTRAL_ASIAN_ENDINGS = [("abad", "абад"), ("kent", "кент"), ("tau", "тау"), ("bulak", "булак"),
                         ("su", "су"), ("kol", "коль"), ("aryk", "арык"), ("tepa", "тепа"),
                         ("ota", "ота")]  # fmt: skip

ORGANISATION_KINDS = {"association": 45, "ngo": 15, "foundation": 8, "university": 10,
                      "public_body": 7, "network": 5, "company": 4, "other": 6}  # fmt: skip
SEAT_COUNTRIES = {"DE": 60, "KZ": 13, "UZ": 10, "KG": 8, "TJ": 5, "TM": 4}
FOCUS_WEIGHTS = {"KZ": 35, "UZ": 25, "KG": 20, "TJ": 12, "TM": 8}
FIELD_WEIGHTS = {"education": 20, "culture": 18, "youth-exchange": 12, "german-language": 10,
                 "science": 8, "environment": 7, "social-justice": 5, "health": 5, "economy": 5,
                 "democratisation": 4, "human-rights": 3, "media": 2,
                 "municipal-partnership": 1}  # fmt: skip
TWINNING_KINDS = {"twinning": 40, "friendship": 20, "project": 20, "regional": 10,
                  "cooperation": 10}  # fmt: skip
TWINNING_STATUSES = {"active": 60, "planned": 10, "dormant": 20, "ended": 10}

ADJECTIVES_DE = {"KZ": "Deutsch-Kasachische", "UZ": "Deutsch-Usbekische",
                 "KG": "Deutsch-Kirgisische", "TJ": "Deutsch-Tadschikische",
                 "TM": "Deutsch-Turkmenische"}  # fmt: skip
NOUNS_DE = ["Gesellschaft", "Freundschaftsgesellschaft", "Initiative", "Forum", "Stiftung",
            "Partnerschaftsverein", "Bildungswerk", "Kulturverein", "Jugendwerk", "Netzwerk",
            "Arbeitsgemeinschaft", "Hochschulpartnerschaft"]  # fmt: skip
TOPICS_DE = ["Umweltschutz", "Bildung", "Jugendaustausch", "Menschenrechte", "Gesundheit",
             "Wasserwirtschaft", "Hochschulkooperation", "Kultur", "Pressefreiheit",
             "Landwirtschaft", "Frauenrechte", "Denkmalpflege", "Städtepartnerschaft",
             "Deutschunterricht", "Klimaschutz"]  # fmt: skip
NAMES_RU = ["Общественное объединение «Дружба»", "Ассоциация выпускников немецких вузов",
            "Фонд развития гражданского общества", "Центр немецкого языка",
            "Молодёжный клуб «Мост»", "Экологическое движение «Зелёная долина»",
            "Общество немецкой культуры «Возрождение»", "Союз женщин-предпринимателей",
            "Центр поддержки местных инициатив", "Клуб любителей истории"]  # fmt: skip
NAMES_EN = ["Youth Exchange Network", "Centre for Civic Education", "Water Alliance",
            "Friends of the Silk Road", "Women's Rights Initiative", "Alumni Association",
            "Institute for Regional Studies", "Mountain Communities Fund",
            "Open Media Lab"]  # fmt: skip
TEMPLATES_DE = [
    "Synthetischer Eintrag: Der Verein fördert {a} und {b} zwischen {place} und Partnern in {c}.",
    "Synthetischer Eintrag: Austausch, Seminare und Begegnungen zu {a}; Schwerpunkt {b}.",
    "Synthetischer Eintrag: Projekte zu {a} in {c}, getragen von Ehrenamtlichen aus {place}.",
]


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def several(rng: random.Random, weights: dict[str, int], most: int) -> list[str]:
    return list(dict.fromkeys(weighted(rng, weights) for _ in range(rng.randint(1, most))))


# Synthetic entries are all "published" at one fixed moment, so the data stays reproducible.
SYNTHETIC_PUBLISHED_AT = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


@dataclass
class SyntheticResult:
    places: int
    organisations: int
    twinnings: int
    seconds: float

    def summary(self) -> str:
        return (
            f"Synthetic data: {self.places} places, {self.organisations} organisations, "
            f"{self.twinnings} twinnings in {self.seconds:.1f} s."
        )


class MixingError(Exception):
    """The database holds data that is not synthetic."""


def foreign_rows() -> int:
    """Organisations and twinnings that the generator did not make (demo or real data)."""
    return (
        Organisation.objects.exclude(slug__startswith=PREFIX).count()
        + Twinning.objects.exclude(slug__startswith=PREFIX).count()
    )


def has_synthetic_rows() -> bool:
    return (
        Organisation.objects.filter(slug__startswith=PREFIX).exists()
        or Place.objects.filter(slug__startswith=PREFIX).exists()
    )


def delete_synthetic() -> None:
    """Remove earlier synthetic rows in a few statements (no per-row signals)."""
    org_ids = Organisation.objects.filter(slug__startswith=PREFIX).values("pk")
    twinning_ids = Twinning.objects.filter(slug__startswith=PREFIX).values("pk")
    Twinning.organisations.through.objects.filter(twinning__in=twinning_ids).delete()
    Organisation.countries.through.objects.filter(organisation__in=org_ids).delete()
    Organisation.fields.through.objects.filter(organisation__in=org_ids).delete()
    Organisation.networks.through.objects.filter(from_organisation__in=org_ids).delete()
    Twinning.objects.filter(slug__startswith=PREFIX)._raw_delete(connection.alias)
    Organisation.objects.filter(slug__startswith=PREFIX)._raw_delete(connection.alias)
    PlaceAlias.objects.filter(place__slug__startswith=PREFIX).delete()
    Place.objects.filter(slug__startswith=PREFIX)._raw_delete(connection.alias)


class Generator:
    def __init__(self, seed: int, progress: Callable[[str, int, int], None] | None = None):
        self.seed = seed
        self.source = SOURCE.format(seed=seed)
        self.progress = progress or (lambda label, done, total: None)
        self.words = lru_cache(maxsize=None)(lambda text: tuple(index_words(text)))
        self.countries = {c.code: c for c in Country.objects.all()}
        self.fields = {f.slug: f for f in CooperationField.objects.all()}
        self.carrier_names: dict[int, list[str]] = {}

    def rng(self, *parts) -> random.Random:
        """A generator for one row, so that row n is the same however many rows are made."""
        return random.Random(f"{self.seed}:" + ":".join(map(str, parts)))

    # Places

    def place_specs(self, twinnings: int) -> list[tuple[str, str, str, list[str]]]:
        """(name, country code, federal state, aliases), enough for ``twinnings`` pairs."""
        specs = [(name, "DE", state, aliases) for name, state, aliases in GERMAN_PLACES]
        specs += [
            (name, code, "", aliases)
            for code, places in CENTRAL_ASIAN_PLACES.items()
            for name, aliases in places
        ]
        rng = self.rng("places")
        invented_de = [a + b.lower() if not a.endswith(" ") else a + b for a in GERMAN_STEMS
                       for b in GERMAN_ENDINGS]  # fmt: skip
        invented_ca = [(a + b, c + d) for a, c in CENTRAL_ASIAN_STEMS
                       for b, d in CENTRAL_ASIAN_ENDINGS]  # fmt: skip
        rng.shuffle(invented_de)
        rng.shuffle(invented_ca)
        german = len(GERMAN_PLACES)
        central = len(specs) - german
        while german * central < twinnings * 2 and (invented_de or invented_ca):
            if invented_de and (german <= central * 2 or not invented_ca):
                specs.append((invented_de.pop(), "DE", rng.choice(STATES), []))
                german += 1
            else:
                latin, cyrillic = invented_ca.pop()
                code = weighted(rng, FOCUS_WEIGHTS)
                specs.append((latin, code, "", [cyrillic, latin.replace("sch", "sh")]))
                central += 1
        return specs

    def make_places(self, twinnings: int) -> list[Place]:
        specs = self.place_specs(twinnings)
        places = Place.objects.bulk_create(
            Place(
                name=name,
                slug=f"{PREFIX}place-{n}",
                country=self.countries[code],
                federal_state=state,
                search_text=compose(
                    [name, *aliases],
                    [
                        name,
                        *aliases,
                        *federal_state_names(state),
                        *self.country(code),
                    ],
                    words=self.words,
                ),
            )
            for n, (name, code, state, aliases) in enumerate(specs)
        )
        PlaceAlias.objects.bulk_create(
            PlaceAlias(place=place, name=alias)
            for place, (_, _, _, aliases) in zip(places, specs, strict=True)
            for alias in aliases
        )
        for place, spec in zip(places, specs, strict=True):
            place.alias_names = spec[3]
        return places

    def country(self, code: str) -> list[str]:
        return country_texts(self.countries[code])

    # Organisations

    def organisation(self, n: int, places_by_country: dict[str, list[Place]]):
        rng = self.rng("organisation", n)
        seat_code = weighted(rng, SEAT_COUNTRIES)
        seat = rng.choice(places_by_country[seat_code])
        partner = seat_code if seat_code != "DE" else weighted(rng, FOCUS_WEIGHTS)
        countries = list(dict.fromkeys([seat_code, partner, *several(rng, FOCUS_WEIGHTS, 2)]))
        fields = several(rng, FIELD_WEIGHTS, 3)
        # In the models' default order, as organisation_text reads them.
        countries.sort(key=list(self.countries).index)
        fields.sort(key=list(self.fields).index)
        language = rng.choices(["de", "ru", "en"], weights=[60, 25, 15])[0]
        other_names = acronym = ""
        if language == "de":
            name = f"{ADJECTIVES_DE[partner]} {rng.choice(NOUNS_DE)} {seat.name}"
            if rng.random() < 0.5:
                name += " e.V."
        elif language == "ru":
            name = (
                f"{rng.choice(NAMES_RU)} ({seat.alias_names[0] if seat.alias_names else seat.name})"
            )
            if rng.random() < 0.4:
                other_names = f"{rng.choice(NOUNS_DE)} {seat.name}"
        else:
            name = f"{seat.name} {rng.choice(NAMES_EN)}"
        if rng.random() < 0.2:
            acronym = "".join(w[0] for w in name.split() if w[0].isalpha()).upper()[:8]
        topics = rng.sample(TOPICS_DE, 2)
        description = rng.choice(TEMPLATES_DE).format(
            a=topics[0], b=topics[1], place=seat.name, c=self.countries[partner].name
        )
        status = PublicationStatus.DRAFT if rng.random() < 0.05 else PublicationStatus.PUBLISHED
        founded = rng.choice([None, rng.randint(1950, 1990), *[rng.randint(1991, 2025)] * 4])
        verified = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 2150))
        kind = weighted(rng, ORGANISATION_KINDS)
        texts = [*self.place_words(seat), *kind_texts(kind)]
        for code in countries:
            texts += self.country(code)
        for slug in fields:
            texts += field_texts(self.fields[slug])
        names = [name, *([other_names] if other_names else []), *([acronym] if acronym else [])]
        organisation = Organisation(
            name=name,
            slug=f"{PREFIX}{n}",
            other_names=other_names,
            acronym=acronym,
            kind=kind,
            description=description,
            founded_year=founded,
            website=f"https://synthetic-{n}.example.org" if rng.random() < 0.7 else "",
            seat=seat,
            publication_status=status,
            published_at=SYNTHETIC_PUBLISHED_AT if status == PublicationStatus.PUBLISHED else None,
            last_verified=verified if status == PublicationStatus.PUBLISHED else None,
            source=self.source,
            search_text=compose(names, texts, description=[description], words=self.words),
        )
        return organisation, countries, fields

    def make_organisations(self, total: int, places: list[Place]) -> list[int]:
        places_by_country: dict[str, list[Place]] = {}
        for place in places:
            places_by_country.setdefault(place.country.code, []).append(place)
        ids = []
        links = [  # (link table, its column for the value, the row part, key -> object)
            (Organisation.countries.through, "country_id", 1, self.countries),
            (Organisation.fields.through, "cooperationfield_id", 2, self.fields),
        ]
        for start in range(0, total, BATCH_SIZE):
            numbers = range(start, min(start + BATCH_SIZE, total))
            rows = [self.organisation(n, places_by_country) for n in numbers]
            created = Organisation.objects.bulk_create(row[0] for row in rows)
            for model, column, part, by_key in links:
                insert_links(
                    model,
                    ("organisation_id", column),
                    (
                        (org.pk, by_key[key].pk)
                        for org, row in zip(created, rows, strict=True)
                        for key in row[part]
                    ),
                )
            ids += [org.pk for org in created]
            self.carrier_names.update((o.pk, [o.name, o.acronym]) for o in created)
            self.progress("organisations", len(ids), total)
        return ids

    def make_networks(self, org_ids: list[int]) -> None:
        """About one organisation in twenty belongs to one of a few hundred networks."""
        if len(org_ids) < 2:
            return
        rng = self.rng("networks")
        networks = org_ids[: max(1, len(org_ids) // 300)]
        Networks = Organisation.networks.through
        insert_links(
            Networks,
            ("from_organisation_id", "to_organisation_id"),
            ((member, rng.choice(networks)) for member in org_ids[len(networks) :: 20]),
        )

    # Twinnings

    def make_twinnings(self, total: int, places: list[Place], org_ids: list[int]) -> int:
        german = [p for p in places if p.country.code == "DE"]
        central = [p for p in places if p.country.code != "DE"]
        pairs = len(german) * len(central)
        total = min(total, pairs)
        rng = self.rng("twinnings")
        chosen = rng.sample(range(pairs), total)
        Carriers = Twinning.organisations.through
        done = 0
        for start in range(0, total, BATCH_SIZE):
            batch, carriers = [], []
            for n in range(start, min(start + BATCH_SIZE, total)):
                row = self.rng("twinning", n)
                de, ca = german[chosen[n] // len(central)], central[chosen[n] % len(central)]
                kind = weighted(row, TWINNING_KINDS)
                description = (
                    f"Synthetischer Eintrag: Partnerschaft zwischen {de.name} und {ca.name} "
                    f"mit Schwerpunkt {row.choice(TOPICS_DE)}."
                )
                texts = [str(TwinningKind(kind).label)]
                texts += [*[t for p in (de, ca) for t in self.place_words(p)]]
                orgs = row.sample(org_ids, min(len(org_ids), row.randint(0, 2)))
                carriers.append(orgs)
                for org_id in sorted(orgs, key=lambda pk: self.carrier_names[pk][0]):
                    texts += self.carrier_names[org_id]
                status = row.random() < 0.95
                batch.append(
                    Twinning(
                        slug=f"{PREFIX}twinning-{n}",
                        german_place=de,
                        central_asian_place=ca,
                        kind=kind,
                        status=weighted(row, TWINNING_STATUSES),
                        established_year=row.choice([None, row.randint(1970, 2025)]),
                        description=description,
                        publication_status=PublicationStatus.PUBLISHED
                        if status
                        else PublicationStatus.DRAFT,
                        published_at=SYNTHETIC_PUBLISHED_AT if status else None,
                        source=self.source,
                        search_text=compose(
                            [de.name, ca.name], texts, description=[description], words=self.words
                        ),
                    )
                )
            created = Twinning.objects.bulk_create(batch)
            insert_links(
                Carriers,
                ("twinning_id", "organisation_id"),
                (
                    (twinning.pk, org_id)
                    for twinning, orgs in zip(created, carriers, strict=True)
                    for org_id in orgs
                ),
            )
            done += len(created)
            self.progress("twinnings", done, total)
        return done

    def place_words(self, place: Place) -> list[str]:
        states = federal_state_names(place.federal_state)
        return [place.name, *place.alias_names, *states, *self.country(place.country.code)]


def insert_links(model, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Insert rows of plain values (ids) into the link table ``model``.

    On PostgreSQL with ``COPY``: several hundred thousand link rows as model instances cost
    more time in Python than all the organisations did.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            (model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=BATCH_SIZE
        )
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(column).column) for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


@contextmanager
def search_indexes_rebuilt_after():
    """On PostgreSQL, drop the GIN (search) indexes of the directory tables, recreate them after.

    Building a GIN index once is many times faster than updating it row by row during a bulk
    load. Runs inside the caller's transaction, so a failure leaves the indexes in place.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in (Organisation, Twinning, Place)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexdef LIKE '%%USING gin%%'",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check deferred foreign keys first
        for _, definition in indexes:
            cursor.execute(definition)


def generate(*, organisations: int, twinnings: int, seed: int, progress=None) -> SyntheticResult:
    """Replace the synthetic rows with a fresh set; refuses to mix with other data."""
    import time

    started = time.monotonic()
    if foreign_rows():
        raise MixingError(
            "This database holds organisations or twinnings that are not synthetic (demo or "
            "real data). Generate synthetic data only into a separate database."
        )
    with transaction.atomic(), search_indexes_rebuilt_after():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # a bulk load outlasts the site's query limit
                cursor.execute("SET LOCAL statement_timeout = 0")
        delete_synthetic()
        generator = Generator(seed, progress)
        places = generator.make_places(twinnings)
        for place in places:
            place.country = generator.countries[place.country.code]
        org_ids = generator.make_organisations(organisations, places)
        generator.make_networks(org_ids)
        made = generator.make_twinnings(twinnings, places, org_ids)
        rebuild_vocabulary()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return SyntheticResult(len(places), len(org_ids), made, time.monotonic() - started)
