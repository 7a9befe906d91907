"""Who runs the site: the details the imprint (§ 5 DDG, § 18 (2) MStV) and the privacy policy
name, read from environment variables (``settings.OPERATOR``).

No placeholder is ever shown: a detail that is not set is left out. While a required detail is
missing, the pages say that this is a development instance (``DEBUG``) or not configured yet,
and ``manage.py check --deploy`` fails (``check_operator``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import checks

#: Environment variable of every detail; the required ones first.
REQUIRED = {
    "name": "OPERATOR_NAME",
    "address": "OPERATOR_ADDRESS",
    "email": "OPERATOR_EMAIL",
    "responsible_person": "OPERATOR_RESPONSIBLE_PERSON",
    "supervisory_authority": "OPERATOR_SUPERVISORY_AUTHORITY",
}
OPTIONAL = {
    "represented_by": "OPERATOR_REPRESENTED_BY",
    "register_entry": "OPERATOR_REGISTER_ENTRY",
    "vat_id": "OPERATOR_VAT_ID",
    "phone": "OPERATOR_PHONE",
    "responsible_address": "OPERATOR_RESPONSIBLE_ADDRESS",
    "data_protection_officer": "OPERATOR_DATA_PROTECTION_OFFICER",
    "hosting_provider": "OPERATOR_HOSTING_PROVIDER",
    "log_retention_days": "OPERATOR_LOG_RETENTION_DAYS",
    "privacy_updated": "OPERATOR_PRIVACY_UPDATED",
}
VARIABLES = {**REQUIRED, **OPTIONAL}


def from_environment(environ) -> dict[str, str]:
    """``settings.OPERATOR``: every detail, stripped, empty when unset."""
    return {key: environ.get(variable, "").strip() for key, variable in VARIABLES.items()}


def _lines(value: str) -> list[str]:
    """An address given on one line, its lines separated by ';' (or real line breaks)."""
    return [line.strip() for line in value.replace(";", "\n").splitlines() if line.strip()]


@dataclass(frozen=True)
class Operator:
    details: dict[str, str]

    def __getattr__(self, name: str) -> str:
        if name in VARIABLES:
            return self.details.get(name, "")
        raise AttributeError(name)

    @property
    def address_lines(self) -> list[str]:
        return _lines(self.details.get("address", ""))

    @property
    def responsible_address_lines(self) -> list[str]:
        return _lines(self.details.get("responsible_address", "")) or self.address_lines

    @property
    def missing(self) -> list[str]:
        """Environment variables of required details that are not set."""
        return [variable for key, variable in REQUIRED.items() if not self.details.get(key)]

    @property
    def is_complete(self) -> bool:
        return not self.missing


def current() -> Operator:
    return Operator(dict(getattr(settings, "OPERATOR", {})))


def check_operator(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """``check --deploy``: the imprint and privacy policy need every required detail."""
    missing = current().missing
    if not missing:
        return []
    return [
        checks.Error(
            "The imprint and privacy policy lack required operator details: "
            + ", ".join(missing)
            + ".",
            hint="Set these environment variables (see README, 'Imprint and privacy').",
            id="directory.E001",
        )
    ]
