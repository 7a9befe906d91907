"""Atom feeds: newly published or changed entries, a list's current filter, and open partner
search requests."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from directory.matchmaking import requests as partner_requests
from directory.models import Organisation, Twinning

FEED_LENGTH = 50


class PlainTextAtomFeed(Atom1Feed):
    """Atom with plain-text summaries.

    Django's ``Atom1Feed`` declares every summary ``type="html"``, so feed readers would run the
    plain text descriptions as markup (``<img onerror=…>``) and mangle text like "Kinder <6".
    Here the summary is ``type="text"``; the XML writer escapes it.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class UpdatesFeed(Feed):
    """The latest published organisations and twinnings, newest change first.

    A change is any save of a published entry, including its publication; entries have no
    separate publication date.
    """

    feed_type = PlainTextAtomFeed
    title = _("Zentralasien-Verzeichnis: new and updated entries")
    subtitle = _("Organisations and twinnings newly published or updated in the directory.")
    link = reverse_lazy("directory:home")
    feed_url = reverse_lazy("data:feed-updates")

    def items(self) -> list:
        organisations = Organisation.objects.published().order_by("-updated_at")[:FEED_LENGTH]
        twinnings = Twinning.objects.published().for_list().order_by("-updated_at")[:FEED_LENGTH]
        entries = [*organisations, *twinnings]
        entries.sort(key=lambda entry: entry.updated_at, reverse=True)
        return entries[:FEED_LENGTH]

    def item_title(self, item) -> str:
        return str(item)

    def item_description(self, item) -> str:
        return Truncator(item.description).words(60)

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item) -> list[str]:
        return [str(item._meta.verbose_name)]


class PartnerRequestsFeed(Feed):
    """The newest open partner requests, filtered as the list is (``?country=&field=&kind=``).

    Unknown filter values are left out, as on the list. The poster's contact never appears: an
    item carries the title, the poster's name as typed and the description (plain text).
    """

    feed_type = PlainTextAtomFeed
    page_cache_params = frozenset({"country", "field", "kind"})
    title = _("Zentralasien-Verzeichnis: partner requests")
    subtitle = _("Organisations and towns looking for partners in Germany and Central Asia.")

    def get_object(self, request, *args, **kwargs) -> dict[str, str]:
        return partner_requests.FilterForm(request.GET).valid_values()

    def link(self, values) -> str:
        return _query(reverse("directory:partner-request-list"), values)

    def feed_url(self, values) -> str:
        return _query(reverse("data:feed-partner-requests"), values)

    def items(self, values) -> list:
        return list(partner_requests.filtered(values).select_related()[:FEED_LENGTH])

    def item_title(self, item) -> str:
        return f"{item.title} – {item.poster_name}"

    def item_description(self, item) -> str:
        return Truncator(item.description).words(80)

    def item_pubdate(self, item):
        return item.accepted_at

    def item_updateddate(self, item):
        return item.accepted_at


def _query(path: str, values: dict[str, str]) -> str:
    from django.utils.http import urlencode

    return f"{path}?{urlencode(values)}" if values else path


def atom_response(request, title: str, entries, describe) -> HttpResponse:
    """An Atom feed of ``entries`` (a list's rows, in its order) for the address requested;
    ``describe(entry)`` is an entry's plain-text summary."""
    feed = PlainTextAtomFeed(
        title=title,
        link=request.build_absolute_uri(request.path.rsplit("/", 1)[0] + "/"),
        description="",
        feed_url=request.build_absolute_uri(),
        language=request.LANGUAGE_CODE,
    )
    for entry in entries:
        feed.add_item(
            title=str(entry),
            link=request.build_absolute_uri(entry.get_absolute_url()),
            description=describe(entry),
            unique_id=request.build_absolute_uri(entry.get_absolute_url()),
            updateddate=entry.updated_at,
            pubdate=entry.published_at or entry.created_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def _titled(title, filterset) -> str:
    """The feed's title with its filter's values, as the list page's title has them."""
    chosen = ", ".join(str(chip.value_label) for chip in filterset.active_filters)
    return f"{title}: {chosen}" if chosen else str(title)


def organisations_atom(request, organisations, filterset) -> HttpResponse:
    """The organisation list's current filter, newest first unless it names another order."""
    return atom_response(
        request,
        _titled(_("Zentralasien-Verzeichnis: organisations"), filterset),
        organisations,
        lambda organisation: Truncator(organisation.description).words(60),
    )


def twinnings_atom(request, twinnings, filterset) -> HttpResponse:
    return atom_response(
        request,
        _titled(_("Zentralasien-Verzeichnis: twinnings"), filterset),
        twinnings,
        lambda twinning: Truncator(twinning.description).words(60),
    )
