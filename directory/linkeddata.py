"""schema.org descriptions (JSON-LD) of public entries, for search engines and linked data."""

from directory.models import Organisation
from directory.serializers import Absolute


def same_as(organisation: Organisation) -> list[str]:
    """The organisation's own identifiers elsewhere: its official website, its Wikidata item
    and a Wikipedia article about it. Sources are never identifiers: an article that merely
    mentions the organisation (say, on a country's foreign relations) is not the organisation."""
    return [
        url
        for url in (organisation.website, organisation.wikidata_url, organisation.wikipedia_url)
        if url
    ]


def organisation_jsonld(organisation: Organisation, absolute: Absolute) -> dict:
    """An ``Organization``: ``url`` is its website (or its page here when it has none),
    ``sameAs`` its own identifiers (``same_as``)."""
    page = absolute(organisation.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": f"{page}#organisation",
        "name": organisation.name,
        "url": organisation.website or page,
        "mainEntityOfPage": page,
        "areaServed": [
            {"@type": "Country", "name": country.name, "identifier": country.code}
            for country in organisation.country_list
        ],
    }
    if alternate := [name for name in (organisation.acronym, organisation.other_names) if name]:
        data["alternateName"] = alternate
    if identifiers := same_as(organisation):
        data["sameAs"] = identifiers
    if organisation.description:
        data["description"] = organisation.description
    if seat := organisation.seat:
        # In the page language (Medeu lies in «Алматы»); Berlin names its own federal state.
        region = seat.parent() or seat.get_federal_state_display()
        data["address"] = {
            "@type": "PostalAddress",
            "addressLocality": seat.name,
            "addressCountry": seat.country.code,
            **({"addressRegion": str(region)} if region else {}),
        }
    if organisation.founded_year:
        data["foundingDate"] = str(organisation.founded_year)
    if organisation.email:
        data["email"] = organisation.email
    if fields := [field.name for field in organisation.field_list]:
        data["knowsAbout"] = fields
    return data
