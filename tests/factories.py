"""factory_boy factories: the one way tests make data."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from directory.curation.curators import sync_curators_group
from directory.models import (
    Call,
    CooperationField,
    Country,
    CountryFact,
    CountryFactKind,
    Event,
    Organisation,
    PartnerRequest,
    Place,
    PlaceAlias,
    Programme,
    PublicationStatus,
    Source,
    Suggestion,
    Twinning,
)


class CountryFactory(factory.django.DjangoModelFactory):
    """Seeded countries are reused: ``CountryFactory(code="KZ")`` returns Kazakhstan."""

    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{chr(ord('A') + n // 26 % 26)}{chr(ord('A') + n % 26)}")
    name = factory.LazyAttribute(lambda o: f"Land {o.code}")


class CountryFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryFact

    country = factory.SubFactory(CountryFactory, code="KZ")
    kind = CountryFactKind.CIVIC_SPACE
    value = "Repressed"
    text = factory.Sequence(lambda n: f"Erläuterung {n}.")
    source_url = factory.Sequence(lambda n: f"https://example.org/quelle/{n}")
    source_title = "Beispielquelle"
    as_of = factory.LazyFunction(timezone.localdate)


class CooperationFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperationField
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"field-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Ort {n}")
    country = factory.SubFactory(CountryFactory, code="DE")


class GermanPlaceFactory(PlaceFactory):
    federal_state = "BE"


class CentralAsianPlaceFactory(PlaceFactory):
    country = factory.SubFactory(CountryFactory, code="KZ")


class PlaceAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceAlias

    place = factory.SubFactory(CentralAsianPlaceFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Verein {n} e.V.")
    kind = "association"
    description = "Ein Verein für die Zusammenarbeit."
    publication_status = PublicationStatus.PUBLISHED
    seat = factory.SubFactory(GermanPlaceFactory)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields.set(extracted)

    class Params:
        draft = factory.Trait(publication_status=PublicationStatus.DRAFT)


class TwinningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Twinning
        skip_postgeneration_save = True

    german_place = factory.SubFactory(GermanPlaceFactory)
    central_asian_place = factory.SubFactory(CentralAsianPlaceFactory)
    kind = "twinning"
    status = "active"
    publication_status = PublicationStatus.PUBLISHED

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)

    class Params:
        draft = factory.Trait(publication_status=PublicationStatus.DRAFT)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class CuratorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def curators_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(sync_curators_group())


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion

    kind = "new_entry"
    subject = factory.Sequence(lambda n: f"Neuer Verein {n} e.V.")
    message = "Der Verein organisiert Jugendaustausch mit Almaty. Quelle: https://example.org"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    organisation = factory.SubFactory(OrganisationFactory)
    url = factory.Sequence(lambda n: f"https://quelle.example/{n}")
    title = factory.Sequence(lambda n: f"Quelle {n}")


def _add(relation: str):
    """A ``post_generation`` hook that adds the given objects to a many-to-many relation:
    ``CallFactory(countries=[kyrgyzstan])``."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, relation).add(*extracted)

    return factory.PostGeneration(hook)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Förderprogramm {n}")
    description = "Ein Programm zur Förderung der Zusammenarbeit."
    status = "running"
    publication_status = PublicationStatus.PUBLISHED
    countries = _add("countries")
    fields = _add("fields")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ausschreibung {n}")
    description = "Eine Ausschreibung für Projekte."
    kind = "grant"
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    publication_status = PublicationStatus.PUBLISHED
    countries = _add("countries")
    fields = _add("fields")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Veranstaltung {n}")
    description = "Ein Runder Tisch zur Zusammenarbeit."
    kind = "round_table"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    publication_status = PublicationStatus.PUBLISHED
    countries = _add("countries")
    fields = _add("fields")
    organisers = _add("organisers")
    participants = _add("participants")
    twinnings = _add("twinnings")


class PartnerRequestFactory(factory.django.DjangoModelFactory):
    """A submitted partner request; ``PartnerRequestFactory(public=True)`` is accepted."""

    class Meta:
        model = PartnerRequest
        skip_postgeneration_save = True

    class Params:
        public = factory.Trait(status="accepted", handled_at=factory.LazyFunction(timezone.now))

    poster_name = factory.Sequence(lambda n: f"Schulverein {n} e.V.")
    title = factory.Sequence(lambda n: f"Partnerschule in Kirgisistan für Schüleraustausch {n}")
    description = "Wir suchen eine Schule für einen Austausch im Frühjahr."
    contact_email = factory.Sequence(lambda n: f"poster{n}@verein.example")
    handled_at = None
    accepted_at = factory.LazyAttribute(lambda o: o.handled_at if o.status == "accepted" else None)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields.set(extracted)
