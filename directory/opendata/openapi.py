"""The OpenAPI 3.1 description of the read-only API, built from the documented public fields.

Record schemas come from ``directory.opendata.serializers`` (the field lists), list parameters from
``directory.listing.results`` (the filters the lists take), so the description follows the code. It
is served at /api/openapi.json and rendered for people at /api/docs/.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from directory.countries.records import fact_fields_for_openapi
from directory.listing import results
from directory.listing.filters import OrganisationFilter, TwinningFilter
from directory.opendata.serializers import (
    ORGANISATIONS,
    PLACE_FIELDS,
    SOURCE_FIELDS,
    TWINNINGS,
    FieldDoc,
)

API_VERSION = "1.0.0"
# The links of the index (/api/), in ``directory.views.api.index``.
INDEX_LINKS = (
    "organisations",
    "twinnings",
    "programmes",
    "calls",
    "events",
    "countries",
    "fields",
    "openapi",
    "documentation",
)


def field_schema(field: FieldDoc) -> dict:
    if field.ref:
        reference = {"$ref": f"#/components/schemas/{field.ref}"}
        if field.nullable:
            return {"anyOf": [reference, {"type": "null"}], "description": str(field.description)}
        return {**reference, "description": str(field.description)}
    schema: dict = {
        "type": [field.type, "null"] if field.nullable else field.type,
        "description": str(field.description),
    }
    if field.format:
        schema["format"] = field.format
    if field.enum:
        schema["enum"] = [*field.enum, None] if field.nullable else list(field.enum)
    if field.items[:1].isupper():  # the name of a schema
        schema["items"] = {"$ref": f"#/components/schemas/{field.items}"}
    elif field.items:
        schema["items"] = {"type": field.items}
    return schema


def object_schema(fields: list[FieldDoc]) -> dict:
    return {
        "type": "object",
        "required": [field.name for field in fields],
        "properties": {field.name: field_schema(field) for field in fields},
    }


def _page_schema(item: str) -> dict:
    link = {"type": ["string", "null"], "format": "uri"}
    return {
        "type": "object",
        "required": ["count", "page", "page_size", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer", "description": _("Number of results on all pages.")},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "next": {**link, "description": _("The next page, or null on the last page.")},
            "previous": {**link, "description": _("The previous page, or null on the first.")},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        },
    }


def _parameter(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": str(description),
        "schema": schema,
    }


def _filter_parameter(item: results.FilterDoc) -> dict:
    value = {"type": "string", "enum": list(item.choices)} if item.choices else {"type": "string"}
    if not item.multiple:
        return _parameter(item.name, item.description, value)
    return {
        **_parameter(item.name, item.description, {"type": "array", "items": value}),
        "style": "form",
        "explode": True,
    }


def _opportunity_parameters() -> list[dict]:
    """The filters of ``/api/twinning-opportunities/`` with the values they take (the page's
    form; two queries)."""
    from directory.matchmaking.opportunities import OpportunityForm

    form = OpportunityForm()
    descriptions = {
        "state": _("Only German places in this federal state (code, e.g. TH)."),
        "country": _("Only this Central Asian country (ISO 3166-1 alpha-2 code)."),
        "field": _("Only organisations in this field of cooperation (its slug)."),
    }
    return [
        _parameter(
            name,
            description,
            {
                "type": "string",
                "enum": [value for value, _label in form.fields[name].choices if value],
            },
        )
        for name, description in descriptions.items()
    ]


def _partner_request_parameters() -> list[dict]:
    """The filters of ``/api/partner-requests/`` with the values they take (the list's form)."""
    from directory.matchmaking.requests import FilterForm

    form = FilterForm()
    descriptions = {
        "country": _("Only requests seeking a partner in this country (ISO 3166-1 alpha-2 code)."),
        "field": _("Only requests in this field of cooperation (its slug)."),
        "kind": _("Only requests seeking this kind of partner (or any kind)."),
    }
    return [
        _parameter(
            name,
            description,
            {
                "type": "string",
                "enum": [value for value, _label in form.fields[name].choices if value],
            },
        )
        for name, description in descriptions.items()
    ]


def _partner_request_schema() -> dict:
    from directory.models import PartnerKind

    nullable_uri = {"type": ["string", "null"], "format": "uri"}
    return {
        "type": "object",
        "required": ["id", "url", "title", "posted_by", "partner_kind", "expires_on"],
        "properties": {
            "id": {"type": "integer"},
            "url": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "language": {"type": ["string", "null"], "enum": ["de", "en", "ru", None]},
            "posted_by": {"type": "string"},
            "poster_url": nullable_uri,
            "partner_kind": {"type": "string", "enum": list(PartnerKind.values)},
            "countries": {"type": "array", "items": {"type": "string"}},
            "fields": {"type": "array", "items": {"type": "string"}},
            "published": {"type": ["string", "null"], "format": "date"},
            "expires_on": {"type": "string", "format": "date"},
        },
    }


def list_parameters(filters: list[results.FilterDoc]) -> list[dict]:
    return [
        _parameter("q", _("Search words; all must match."), {"type": "string", "pattern": NO_NUL}),
        *(_filter_parameter(item) for item in filters),
        _parameter(
            "page", _("Page number, from 1."), {"type": "integer", "minimum": 1, "default": 1}
        ),
        _parameter(
            "page_size",
            _("Results per page; values above 100 are treated as 100."),
            {"type": "integer", "minimum": 1, "default": 25},
        ),
        format_parameter(),
    ]


# Parameter values must not contain NUL (PostgreSQL cannot compare them): 400.
NO_NUL = "^[^\\u0000]*$"


def format_parameter() -> dict:
    return _parameter("format", _("Only 'json'."), {"type": "string", "enum": ["json"]})


_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _problem(description: str, headers: dict | None = None) -> dict:
    answer = {"description": description, "content": _PROBLEM}
    if headers:
        answer["headers"] = headers
    return answer


def _responses(schema: str, *, with_404: bool = False) -> dict:
    """Every answer an operation can give; all errors are problem details (RFC 9457)."""
    responses = {
        "200": {
            "description": _("Success"),
            "headers": {
                "Cache-Control": {"schema": {"type": "string"}},
                "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}},
            },
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        },
        "400": _problem(_("Invalid parameters")),
    }
    if with_404:
        responses["404"] = _problem(_("No such published entry or page"))
    responses["500"] = _problem(_("Server error"))
    responses["503"] = _problem(
        _("Temporarily unavailable (maintenance or database outage): try again later"),
        headers={
            "Retry-After": {
                "description": _("Seconds to wait before trying again."),
                "required": True,
                "schema": {"type": "string", "pattern": "^[0-9]+$"},
            }
        },
    )
    return responses


_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}


def _simple_list(item: dict) -> dict:
    return {
        "type": "object",
        "required": ["results"],
        "properties": {"results": {"type": "array", "items": item}},
    }


def _funding() -> tuple[dict, dict]:
    """Paths and schemas of programmes, calls and events (``directory.funding.api``)."""
    from directory.funding.api import LISTS  # it imports the API views, which import this

    titles = {
        "programmes": ("Programme", _("Published funding programmes, filtered and searched")),
        "calls": ("Call", _("Published calls, filtered and searched; closed ones last")),
        "events": ("Event", _("Published events, filtered and searched; upcoming first")),
    }
    paths, schemas = {}, {}
    for kind, (filterset_class, record_type, _finder) in LISTS.items():
        schema, summary = titles[kind]
        paths[f"/api/{kind}/"] = {
            "get": {
                "operationId": f"list{schema}s",
                "summary": summary,
                "parameters": list_parameters(results.filter_docs(filterset_class)),
                "responses": _responses(f"{schema}Page", with_404=True),
            }
        }
        paths[f"/api/{kind}/{{slug}}/"] = {
            "get": {
                "operationId": f"get{schema}",
                "summary": _("One published entry"),
                "parameters": [_SLUG, format_parameter()],
                "responses": _responses(schema, with_404=True),
            }
        }
        schemas[schema] = object_schema(record_type.fields)
        schemas[f"{schema}Page"] = _page_schema(schema)
    return paths, schemas


def openapi_document(base_url: str) -> dict:
    """The OpenAPI document; ``base_url`` is the site's absolute address without a final slash."""
    organisation_filters = results.filter_docs(OrganisationFilter)
    twinning_filters = results.filter_docs(TwinningFilter)
    funding_paths, funding_schemas = _funding()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("Zentralasien-Verzeichnis API"),
            "version": API_VERSION,
            "description": _(
                "Read-only access to the published organisations and town twinnings of the "
                "directory of civil-society cooperation between Germany and Central Asia. "
                "Lists take the same filters and search as the pages of the site."
            )
            + " "
            + _(
                "Every error is answered with a problem details object (RFC 9457, "
                "application/problem+json): invalid or empty parameter values with 400, unknown "
                "entries and addresses with 404, other methods than GET, HEAD and OPTIONS with "
                "405 and an Allow header, maintenance with 503 and Retry-After."
            ),
            "license": {
                "name": settings.DATA_LICENCE["name"],
                "url": settings.DATA_LICENCE["url"],
            },
        },
        "servers": [{"url": base_url}],
        "paths": {
            "/api/": {
                "get": {
                    "operationId": "getIndex",
                    "summary": _("The addresses of the lists and of this description"),
                    "parameters": [format_parameter()],
                    "responses": _responses("Index"),
                }
            },
            "/api/openapi.json": {
                "get": {
                    "operationId": "getOpenAPIDocument",
                    "summary": _("This description (OpenAPI 3.1)"),
                    "parameters": [format_parameter()],
                    "responses": _responses("OpenAPIDocument"),
                }
            },
            "/api/organisations/": {
                "get": {
                    "operationId": "listOrganisations",
                    "summary": _("Published organisations, filtered, searched and sorted"),
                    "parameters": list_parameters(organisation_filters),
                    "responses": _responses("OrganisationPage", with_404=True),
                }
            },
            "/api/organisations/{slug}/": {
                "get": {
                    "operationId": "getOrganisation",
                    "summary": _("One published organisation"),
                    "parameters": [_SLUG, format_parameter()],
                    "responses": _responses("Organisation", with_404=True),
                }
            },
            "/api/twinnings/": {
                "get": {
                    "operationId": "listTwinnings",
                    "summary": _("Published twinnings, filtered, searched and sorted"),
                    "parameters": list_parameters(twinning_filters),
                    "responses": _responses("TwinningPage", with_404=True),
                }
            },
            "/api/twinnings/{slug}/": {
                "get": {
                    "operationId": "getTwinning",
                    "summary": _("One published twinning"),
                    "parameters": [_SLUG, format_parameter()],
                    "responses": _responses("Twinning", with_404=True),
                }
            },
            **funding_paths,
            "/api/countries/": {
                "get": {
                    "operationId": "listCountries",
                    "summary": _("Countries: the five focus countries and all with organisations"),
                    "parameters": [format_parameter()],
                    "responses": _responses("CountryList"),
                }
            },
            "/api/fields/": {
                "get": {
                    "operationId": "listFields",
                    "summary": _("Fields of cooperation"),
                    "parameters": [format_parameter()],
                    "responses": _responses("FieldList"),
                }
            },
            "/api/country-facts/": {
                "get": {
                    "operationId": "listCountryFacts",
                    "summary": _("Sourced, dated facts about the countries' civic space and visas"),
                    "parameters": [
                        _parameter(
                            "country",
                            _("Only the facts of this country (ISO 3166-1 alpha-2 code)."),
                            {"type": "string", "enum": _country_codes()},
                        )
                    ],
                    "responses": _responses("CountryFactList"),
                }
            },
            "/api/twinning-opportunities/": {
                "get": {
                    "operationId": "listTwinningOpportunities",
                    "summary": _("Towns with ties to the other side but no twinning there yet"),
                    "parameters": [format_parameter(), *_opportunity_parameters()],
                    "responses": _responses("OpportunityList"),
                }
            },
            "/api/partner-requests/": {
                "get": {
                    "operationId": "listPartnerRequests",
                    "summary": _("Open partner requests (the poster’s contact is never included)"),
                    "parameters": [format_parameter(), *_partner_request_parameters()],
                    "responses": _responses("PartnerRequestList"),
                }
            },
        },
        "components": {
            "schemas": {
                "Index": {
                    "type": "object",
                    "required": [*INDEX_LINKS, "licence"],
                    "properties": {
                        **{name: {"type": "string", "format": "uri"} for name in INDEX_LINKS},
                        "licence": {
                            "type": "object",
                            "required": ["name", "url"],
                            "properties": {
                                "name": {"type": "string"},
                                "url": {"type": "string", "format": "uri"},
                            },
                        },
                    },
                },
                "OpenAPIDocument": {
                    "type": "object",
                    "required": ["openapi", "info", "paths"],
                    "properties": {"openapi": {"type": "string", "pattern": "^3\\.1\\."}},
                },
                "Place": object_schema(PLACE_FIELDS),
                "Source": object_schema(SOURCE_FIELDS),
                "Organisation": object_schema(ORGANISATIONS.fields),
                "Twinning": object_schema(TWINNINGS.fields),
                "OrganisationPage": _page_schema("Organisation"),
                "TwinningPage": _page_schema("Twinning"),
                "CountryList": _simple_list(
                    {
                        "type": "object",
                        "properties": {
                            "code": {"type": "string"},
                            "name": {"type": "string"},
                            "is_focus": {"type": "boolean"},
                            "organisation_count": {"type": "integer"},
                        },
                    }
                ),
                "FieldList": _simple_list(
                    {
                        "type": "object",
                        "properties": {
                            "slug": {"type": "string"},
                            "name": {"type": "string"},
                            "description": {"type": "string"},
                            "organisation_count": {"type": "integer"},
                        },
                    }
                ),
                **funding_schemas,
                "CountryFact": object_schema(fact_fields_for_openapi()),
                "CountryFactList": _simple_list({"$ref": "#/components/schemas/CountryFact"}),
                "PartnerRequestList": _simple_list(_partner_request_schema()),
                "OpportunityList": _simple_list(
                    {
                        "type": "object",
                        "required": ["side", "place", "place_url", "country", "strength"],
                        "properties": {
                            "side": {"type": "string", "enum": ["german", "central_asian"]},
                            "place": {"type": "string"},
                            "place_url": {"type": "string", "format": "uri"},
                            "federal_state": {"type": "string"},
                            "country": {"type": "string"},
                            "strength": {"type": "integer", "minimum": 1},
                            "organisations": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "name": {"type": "string"},
                                        "url": {"type": "string", "format": "uri"},
                                    },
                                },
                            },
                            "fields": {"type": "array", "items": {"type": "string"}},
                        },
                    }
                ),
                "Problem": {
                    "type": "object",
                    "description": _("An error (RFC 9457 problem details)."),
                    "required": ["type", "title", "status", "detail"],
                    "properties": {
                        "type": {"type": "string", "format": "uri-reference"},
                        "status": {"type": "integer"},
                        "title": {"type": "string"},
                        "detail": {"type": "string"},
                        "errors": {
                            "type": "object",
                            "description": _("Messages per parameter name."),
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
            }
        },
    }


def _country_codes() -> list[str]:
    """The countries the directory knows: any other code is answered with 400."""
    from directory.models import Country

    return list(Country.objects.order_by("code").values_list("code", flat=True))
