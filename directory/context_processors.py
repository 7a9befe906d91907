from django.conf import settings


def open_data(request) -> dict:
    """The data licence, shown in the footer and on the 'Data & API' page."""
    return {"DATA_LICENCE": settings.DATA_LICENCE}
