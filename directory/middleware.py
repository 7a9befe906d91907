"""Remember the language a visitor chose."""

from django.conf import settings
from django.utils import translation


class RememberLanguageMiddleware:
    """Keep the language of a page the visitor switched to, for their next visit to "/".

    A first visit follows the browser's Accept-Language (Django's LocaleMiddleware). Once a visitor
    opens a page in another language than that — through the language switcher or a link — the
    language cookie records the choice, and addresses without a language prefix follow it from
    then on. Visitors who stay with their browser's language get no cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = translation.get_language_from_path(request.path_info)
        if language and language != self._expected_language(request):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    @staticmethod
    def _expected_language(request) -> str:
        """The language an address without a prefix would give this visitor now."""
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie and translation.check_for_language(cookie):
            return translation.get_supported_language_variant(cookie)
        # Without a cookie: what the browser asks for (get_language_from_request would look at
        # the path first, which is not what we want to compare with).
        accept = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        for accept_lang, _quality in translation.trans_real.parse_accept_lang_header(accept):
            if accept_lang == "*":
                break
            try:
                return translation.get_supported_language_variant(accept_lang)
            except LookupError:
                continue
        return settings.LANGUAGE_CODE
