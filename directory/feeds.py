"""The Atom feed of newly published or changed entries."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

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
