import time

from django.conf import settings
from django.utils import translation

from core.text import CONTROL_CHARACTERS, without_control_characters


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




class ControlCharactersMiddleware:
    """Issue 14: every text field and query parameter is cleaned of control characters on the way in,
    once, for every form and filter of every app (uploaded files are left as they are)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST":
            # Cleaned when first read, not here: a view may still choose its upload handlers (the registry
            # import counts the bytes of its file as they arrive), which Django allows only before the
            # body is parsed.
            load = request._load_post_and_files

            def load_and_clean():
                load()
                request._post = _cleaned(request._post)

            request._load_post_and_files = load_and_clean
        return self.get_response(request)


def _cleaned(query):
    if not any(CONTROL_CHARACTERS.search(value) for values in query.lists() for value in values[1]):
        return query
    copy = query.copy()
    for key, values in query.lists():
        copy.setlist(key, [without_control_characters(value) for value in values])
    copy._mutable = False
    return copy


class PrivatePagesMiddleware:
    """Issue 14, shared front-desk PCs: pages for a logged-in user are never kept by the browser or a proxy
    (they may show residents' details), and a session ends after a working day without the user doing
    anything — the desks' 30-second refreshes (htmx) do not count as doing something."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = int(time.time())
        if (request.user.is_authenticated and not getattr(request, "htmx", False)
                and now - request.session.get(LAST_SEEN, 0) > RENEW_EVERY_SECONDS):
            request.session[LAST_SEEN] = now  # saving the session renews its idle expiry
        response = self.get_response(request)
        if request.user.is_authenticated:
            response.headers["Cache-Control"] = "no-store, private"
        return response


LAST_SEEN = "last_seen"
# The session is saved (its idle expiry renewed) at most every 5 minutes, not on every page.
RENEW_EVERY_SECONDS = 5 * 60


def start_idle_clock(sender, request, user, **kwargs):
    request.session[LAST_SEEN] = int(time.time())
