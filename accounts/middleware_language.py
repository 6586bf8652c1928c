"""The signed-in person's own language choice, over the browser's."""

from django.utils import translation


class UserLanguageMiddleware:
    """Activate ``user.language`` for a signed-in person who chose one.

    LocaleMiddleware runs before authentication (it must, for the sign-in page), so it can
    only follow the browser. This runs after AuthenticationMiddleware and overrides that
    choice. The user row is already loaded by then: no extra query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
