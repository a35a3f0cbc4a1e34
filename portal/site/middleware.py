from django.conf import settings
from django.http import JsonResponse
from django.utils import translation


class ApiLanguageMiddleware:
    """`?lang=xx` on the API picks the language of translated fields (API.md)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = [code for code, _name in settings.LANGUAGES]

    def __call__(self, request):
        language = request.GET.get("lang")
        if language is not None and request.path.startswith("/api/"):
            if language not in self.languages:
                message = "Unknown language “%s”. Use one of: %s." % (language, ", ".join(self.languages))
                return JsonResponse({"lang": [message]}, status=400)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """No inline or foreign script can run: every script of the portal is a static file of its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
