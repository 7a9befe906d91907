"""schema.org descriptions (JSON-LD) of public entries, for search engines and linked data."""

from directory.models import Organisation
from directory.opendata.serializers import Absolute


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


def _funder(organisation: Organisation | None, absolute: Absolute) -> dict | None:
    if organisation is None or not organisation.is_published:
        return None
    page = absolute(organisation.get_absolute_url())
    return {"@type": "Organization", "name": organisation.name, "url": organisation.website or page}


def _grant(entry, absolute: Absolute, funder: Organisation | None) -> dict:
    page = absolute(entry.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "MonetaryGrant",
        "@id": f"{page}#grant",
        "name": entry.name,
        "url": entry.url or page,
        "mainEntityOfPage": page,
    }
    if entry.description:
        data["description"] = entry.description
    if organisation := _funder(funder, absolute):
        data["funder"] = organisation
    return data


def programme_jsonld(programme, absolute: Absolute) -> dict:
    """A ``MonetaryGrant``: the programme, its funder and the amounts it names."""
    data = _grant(programme, absolute, programme.funder)
    if programme.currency and (programme.amount_min is not None or programme.amount_max):
        amount = {"@type": "MonetaryAmount", "currency": programme.currency}
        if programme.amount_min is not None:
            amount["minValue"] = float(programme.amount_min)
        if programme.amount_max is not None:
            amount["maxValue"] = float(programme.amount_max)
        data["amount"] = amount
    return data


def call_jsonld(call, absolute: Absolute) -> dict:
    """A ``MonetaryGrant`` for the call, funded by its organisation or programme's funder."""
    return _grant(call, absolute, call.issuer)


def event_jsonld(event, absolute: Absolute) -> dict:
    """An ``Event``: dates, place or online, organisers."""
    page = absolute(event.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": f"{page}#event",
        "name": event.name,
        "url": event.url or page,
        "mainEntityOfPage": page,
        "startDate": event.starts_on.isoformat(),
        "endDate": event.last_day.isoformat(),
    }
    if event.description:
        data["description"] = event.description
    locations = []
    if event.place_id:
        locations.append(
            {
                "@type": "Place",
                "name": event.place.name,
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": event.place.name,
                    "addressCountry": event.place.country.code,
                },
            }
        )
    if event.online:
        locations.append({"@type": "VirtualLocation", "url": event.url or page})
    if locations:
        data["location"] = locations if len(locations) > 1 else locations[0]
    mode = "Mixed" if event.online and event.place_id else "Online" if event.online else "Offline"
    data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    if organisers := [_funder(org, absolute) for org in event.organiser_list]:
        data["organizer"] = organisers
    return data
