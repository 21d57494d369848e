from django.conf import settings
from django.utils import translation


class OfficeLanguageMiddleware:
    """Chinese for everyone unless they chose another language with the switch (cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and office PCs often
    run English browsers; the office works in Chinese (SPEC: UI labels are Simplified Chinese).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
