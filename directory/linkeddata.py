"""schema.org descriptions (JSON-LD) of public entries, for search engines and linked data."""

from urllib.parse import urlsplit

from directory.models import FederalState, Organisation
from directory.serializers import Absolute

# Sources on these hosts identify an organisation (sameAs); other sources are just sources.
REFERENCE_HOSTS = ("wikipedia.org", "wikidata.org")


def _is_reference(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return url.startswith(("https://", "http://")) and host.endswith(REFERENCE_HOSTS)


def organisation_jsonld(organisation: Organisation, absolute: Absolute) -> dict:
    """An ``Organization``: ``url`` is its website (or its page here when it has none),
    ``sameAs`` its page in this directory and any Wikipedia/Wikidata source."""
    page = absolute(organisation.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": f"{page}#organisation",
        "name": organisation.name,
        "url": organisation.website or page,
        "mainEntityOfPage": page,
        "sameAs": [page, *filter(_is_reference, organisation.source_lines)],
        "areaServed": [
            {"@type": "Country", "name": country.name, "identifier": country.code}
            for country in organisation.country_list
        ],
    }
    if alternate := [name for name in (organisation.acronym, organisation.other_names) if name]:
        data["alternateName"] = alternate
    if organisation.description:
        data["description"] = organisation.description
    if seat := organisation.seat:
        region = str(FederalState(seat.federal_state).label) if seat.federal_state else seat.region
        data["address"] = {
            "@type": "PostalAddress",
            "addressLocality": seat.name,
            "addressCountry": seat.country.code,
            **({"addressRegion": region} if region else {}),
        }
    if organisation.founded_year:
        data["foundingDate"] = str(organisation.founded_year)
    if organisation.email:
        data["email"] = organisation.email
    if fields := [field.name for field in organisation.field_list]:
        data["knowsAbout"] = fields
    return data
