"""Partner search requests: the public form, the list's filters and the relay of answers.

A request ("we are looking for a partner in … for …") is sent through the public form without an
account and waits for a curator (``services.accept_partner_request``). Public are the accepted
ones until their expiry date (``PartnerRequestQuerySet.public``): expiry is a condition on the
date, so nothing has to run for an expired request to disappear.

The poster's contact e-mail never leaves the admin: visitors answer through the relay form on
the request's page, and ``relay()`` sends their message with Django's e-mail framework to the
poster's address only, with the visitor's address as Reply-To. The poster's address is thus
disclosed to nobody until the poster answers. Both forms share the suggestion form's defences:
a honeypot field, a per-client rate limit counted in the database
(``directory.operations.ratelimit``), and for the relay also a limit per request.

Cost: a list page runs ``LIST_QUERIES`` queries whatever its size (filter choices, count, page,
countries and fields of the page's requests); the box on an entry page one (``BOX_QUERIES``).
"""

import logging

from django import forms
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.models import (
    PARTNER_REQUEST_MAX_MONTHS,
    CooperationField,
    Country,
    PartnerKind,
    PartnerRequest,
    default_expiry,
    months_after,
)
from directory.operations import ratelimit

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
BOX_SHOWN = 5
#: SQL queries of a list page (filter choices 2, count, page, countries, fields); pinned in tests.
LIST_QUERIES = 6
#: SQL queries of the "open partner requests" box on an organisation, country or field page.
BOX_QUERIES = 1


def _strip_nul(value):
    """PostgreSQL refuses NUL in strings; a form value holding one is cut there, not a 500."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class HoneypotMixin:
    """``website`` is filled in only by bots that fill in every field (hidden from people)."""

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class PartnerRequestForm(HoneypotMixin, forms.ModelForm):
    """What an organisation or a town posts: who, what, where, which kind of partner, until when."""

    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200, strip=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that this request and my e-mail address are stored to publish the request "
            "and forward answers to me, as described in the privacy notice."
        ),
        required=True,
    )

    class Meta:
        model = PartnerRequest
        fields = [
            "poster_name",
            "title",
            "description",
            "language",
            "countries",
            "fields",
            "partner_kind",
            "expires_on",
            "contact_email",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "countries": forms.CheckboxSelectMultiple,
            "fields": forms.CheckboxSelectMultiple,
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {
            "poster_name": _("Your organisation or municipality"),
            "title": _("We are looking for a partner for …"),
            "countries": _("Partner wanted in"),
            "language": _("Language of your text"),
            "contact_email": _("E-mail address for answers"),
        }
        help_texts = {
            "title": _("One line, e.g. “a school in Kyrgyzstan for a pupils’ exchange”."),
            "description": _(
                "Who you are, what you plan, what you offer and what you expect from a partner. "
                "At most 4,000 characters. Do not write e-mail addresses or phone numbers here."
            ),
            "expires_on": _("At most 12 months from today. Afterwards the request disappears."),
            "contact_email": _(
                "Answers are forwarded to this address. It is never shown on the site."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["maxlength"] = PartnerRequest.DESCRIPTION_MAX_LENGTH
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["poster_name"].widget.attrs["autocomplete"] = "organization"
        countries = sorted(Country.objects.by_name(), key=lambda c: not c.is_focus)
        self.fields["countries"].queryset = Country.objects.all()
        self.fields["countries"].choices = [(c.pk, c.name) for c in countries]
        self.fields["fields"].queryset = CooperationField.objects.all()
        self.fields["language"].choices = [("", _("Not stated")), *settings.LANGUAGES]
        expires = self.fields["expires_on"]
        expires.input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        # The model's callable default would add a hidden "initial-" copy of the date.
        expires.show_hidden_initial = False
        expires.initial = default_expiry()

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            cleaned[name] = _strip_nul(value)
        return cleaned

    def clean_expires_on(self):
        expires = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        latest = months_after(today, PARTNER_REQUEST_MAX_MONTHS)
        if expires <= today:
            raise forms.ValidationError(_("Please choose a date after today."))
        if expires > latest:
            raise forms.ValidationError(
                _("A request can be shown for at most 12 months, until %(date)s."),
                params={"date": date_format(latest, "DATE_FORMAT")},
            )
        return expires

    def _post_clean(self):
        self.instance.submitted_on = timezone.localdate()
        super()._post_clean()


class FilterForm(forms.Form):
    """The list's filters: a plain GET form whose values make shareable addresses."""

    country = forms.ChoiceField(label=_("Partner wanted in"), required=False)
    field = forms.ChoiceField(label=_("Field of cooperation"), required=False)
    kind = forms.ChoiceField(label=_("Kind of partner sought"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        countries = sorted(Country.objects.by_name(), key=lambda c: not c.is_focus)
        self.fields["country"].choices = every + [(c.code, c.name) for c in countries]
        fields = CooperationField.objects.values_list("slug", "name")
        self.fields["field"].choices = every + list(fields)
        kinds = [(value, label) for value, label in PartnerKind.choices if value != PartnerKind.ANY]
        self.fields["kind"].choices = every + kinds

    def labels(self, values: dict[str, str]) -> list[str]:
        """The names of the chosen filter values, in the page language (for the title)."""
        return [str(dict(self.fields[name].choices)[value]) for name, value in values.items()]

    def valid_values(self) -> dict[str, str]:
        """The filter values that are known; unknown ones are left out (and named on the page)."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name) or ""
            for name in self.fields
            if name not in self.errors and self.cleaned_data.get(name)
        }


def filtered(values: dict[str, str]):
    """The public requests matching the filters, newest first. A request that seeks any kind of
    partner matches every kind."""
    queryset = PartnerRequest.objects.public(today=timezone.localdate())
    if values.get("country"):
        queryset = queryset.filter(countries__code=values["country"])
    if values.get("field"):
        queryset = queryset.filter(fields__slug=values["field"])
    if values.get("kind"):
        queryset = queryset.filter(Q(partner_kind=values["kind"]) | Q(partner_kind=PartnerKind.ANY))
    return queryset.newest_first()


#: The fields of a request in the API (``/api/partner-requests/``); never the contact address.
RECORD_FIELDS = (
    "id",
    "url",
    "title",
    "description",
    "language",
    "posted_by",
    "poster_url",
    "partner_kind",
    "countries",
    "fields",
    "published",
    "expires_on",
)


def records(requests, absolute) -> list[dict]:
    """Public requests as records: what the page shows, nothing more (no contact address)."""
    rows = []
    for item in requests:
        poster = item.poster_organisation
        poster_url = None
        if poster is not None and poster.publication_status == "published":
            poster_url = absolute(poster.get_absolute_url())
        rows.append(
            {
                "id": item.pk,
                "url": absolute(item.get_absolute_url()),
                "title": item.title,
                "description": item.description,
                "language": item.language or None,
                "posted_by": item.poster_name,
                "poster_url": poster_url,
                "partner_kind": item.partner_kind,
                "countries": [country.code for country in item.country_list],
                "fields": [field.slug for field in item.field_list],
                "published": item.accepted_at.date().isoformat() if item.accepted_at else None,
                "expires_on": item.expires_on.isoformat(),
            }
        )
    return rows


def open_requests(**lookup) -> list[PartnerRequest]:
    """At most ``BOX_SHOWN`` public requests for an entry page's box (one query)."""
    queryset = PartnerRequest.objects.public(today=timezone.localdate()).filter(**lookup)
    return list(queryset.select_related("poster_organisation").newest_first()[:BOX_SHOWN])


class RelayForm(HoneypotMixin, forms.Form):
    """A visitor's answer to a request: forwarded by e-mail, the poster's address kept hidden."""

    MESSAGE_MAX_LENGTH = 4000

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The poster answers you at this address."),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who you are and why you would be a good partner. At most 4,000 characters."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200, strip=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name, e-mail address and message are forwarded to the poster of "
            "this request. The site does not keep them."
        ),
        required=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].widget.attrs["maxlength"] = self.MESSAGE_MAX_LENGTH
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            cleaned[name] = _strip_nul(value)
        return cleaned


class RelayRefused(Exception):
    """The message cannot be forwarded now; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def check_relay_limits(request, partner_request: PartnerRequest) -> None:
    """Count this answer against the client's and the request's limits; raise RelayRefused."""
    try:
        within_client = ratelimit.hit(
            request,
            scope="relay",
            limit=settings.RELAY_RATE_LIMIT,
            window=settings.RELAY_RATE_WINDOW,
        )
        # Counted only for clients within their own limit: one sender cannot use up a request's.
        within_request = within_client and (
            ratelimit.count(f"relay-request:{partner_request.pk}", settings.RELAY_RATE_WINDOW)
            <= settings.RELAY_PER_REQUEST_LIMIT
        )
    except (ratelimit.Unavailable, DatabaseError):
        raise RelayRefused(
            gettext(
                "We cannot forward messages at the moment. Please send yours again in a few "
                "minutes; your text is kept below."
            ),
            503,
        ) from None
    if not within_client:
        raise RelayRefused(
            gettext(
                "You have sent several messages in a short time. Please wait an hour and send "
                "this one again; your text is kept below."
            ),
            429,
        )
    if not within_request:
        raise RelayRefused(
            gettext(
                "This request has received many answers in the last hour. Please send yours "
                "again later; your text is kept below."
            ),
            429,
        )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def relay(
    *, partner_request: PartnerRequest, name: str, email: str, message: str, absolute
) -> None:
    """Send the visitor's message to the poster (only recipient), Reply-To the visitor.

    Written in the request's language (German when none is given); ``absolute`` makes the
    request's path a full address. Raises RelayRefused when the mail server cannot be reached;
    nothing is stored.
    """
    with translation.override(partner_request.language or settings.LANGUAGE_CODE):
        subject = gettext("Answer to your partner request: %(title)s") % {
            "title": _one_line(partner_request.title)[:120]
        }
        body = gettext(
            "%(name)s answers your partner request “%(title)s” in the Zentralasien-Verzeichnis.\n"
            "Reply to this e-mail to answer %(name)s directly; your address is disclosed only "
            "when you do.\n\n"
            "----\n%(message)s\n----\n\n"
            "%(url)s"
        ) % {
            "name": _one_line(name),
            "title": _one_line(partner_request.title),
            "message": message,
            "url": absolute(partner_request.get_absolute_url()),
        }
    mail = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[partner_request.contact_email],
        reply_to=[email],
    )
    try:
        mail.send(fail_silently=False)
    except OSError as error:  # smtplib.SMTPException is an OSError too
        logger.error("Relay e-mail not sent: %s", error)
        raise RelayRefused(
            gettext(
                "Your message could not be sent just now. Please try again in a few minutes; "
                "your text is kept below."
            ),
            503,
        ) from None
