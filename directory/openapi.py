"""The OpenAPI 3.1 description of the read-only API, built from the documented public fields.

Record schemas come from ``directory.serializers`` (the field lists), list parameters from
``directory.results`` (the filters the lists take), so the description follows the code. It is
served at /api/openapi.json and rendered for people at /api/docs/.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from directory import results
from directory.filters import OrganisationFilter, TwinningFilter
from directory.serializers import (
    ORGANISATIONS,
    PLACE_FIELDS,
    SOURCE_FIELDS,
    TWINNINGS,
    FieldDoc,
)

API_VERSION = "1.0.0"


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


def list_parameters(filters: list[results.FilterDoc]) -> list[dict]:
    return [
        _parameter("q", _("Search words; all must match."), {"type": "string"}),
        *(
            _parameter(
                item.name,
                item.description,
                {"type": "string", "enum": list(item.choices)}
                if item.choices
                else {"type": "string"},
            )
            for item in filters
        ),
        _parameter(
            "page", _("Page number, from 1."), {"type": "integer", "minimum": 1, "default": 1}
        ),
        _parameter(
            "page_size",
            _("Results per page; values above 100 are treated as 100."),
            {"type": "integer", "minimum": 1, "default": 25},
        ),
        _parameter("format", _("Only 'json'."), {"type": "string", "enum": ["json"]}),
    ]


def _responses(schema: str, *, with_404: bool = False) -> dict:
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    responses = {
        "200": {
            "description": _("Success"),
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        },
        "400": {"description": _("Invalid parameters"), "content": problem},
    }
    if with_404:
        responses["404"] = {"description": _("No such published entry or page"), "content": problem}
    return responses


_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}


def _simple_list(item: dict) -> dict:
    return {
        "type": "object",
        "required": ["results"],
        "properties": {"results": {"type": "array", "items": item}},
    }


def openapi_document(base_url: str) -> dict:
    """The OpenAPI document; ``base_url`` is the site's absolute address without a final slash."""
    organisation_filters = results.filter_docs(OrganisationFilter)
    twinning_filters = results.filter_docs(TwinningFilter)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("Zentralasien-Verzeichnis API"),
            "version": API_VERSION,
            "description": _(
                "Read-only access to the published organisations and town twinnings of the "
                "directory of civil-society cooperation between Germany and Central Asia. "
                "Lists take the same filters and search as the pages of the site."
            ),
            "license": {
                "name": settings.DATA_LICENCE["name"],
                "url": settings.DATA_LICENCE["url"],
            },
        },
        "servers": [{"url": base_url}],
        "paths": {
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
                    "parameters": [_SLUG],
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
                    "parameters": [_SLUG],
                    "responses": _responses("Twinning", with_404=True),
                }
            },
            "/api/countries/": {
                "get": {
                    "operationId": "listCountries",
                    "summary": _("Countries: the five focus countries and all with organisations"),
                    "responses": _responses("CountryList"),
                }
            },
            "/api/fields/": {
                "get": {
                    "operationId": "listFields",
                    "summary": _("Fields of cooperation"),
                    "responses": _responses("FieldList"),
                }
            },
        },
        "components": {
            "schemas": {
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
                "Problem": {
                    "type": "object",
                    "description": _("An error (RFC 9457 problem details)."),
                    "required": ["status", "title", "detail"],
                    "properties": {
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
