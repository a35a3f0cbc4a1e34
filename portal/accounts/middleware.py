from django.shortcuts import redirect

from portal.accounts import twofactor

# Pages a user who still owes a second factor may open: to give it, set it up, or leave.
OPEN_VIEWS = {
    "accounts:login",
    "accounts:login_code",
    "accounts:logout",
    "accounts:two_factor_setup",
    "set_language",
    "healthz",
}


class TwoFactorRequiredMiddleware:
    """With REQUIRE_2FA_FOR_STAFF, staff, editors and grant managers use the site only after a second factor:
    those without a device are sent to set one up, those with one to the code step.

    After django_otp's OTPMiddleware, which tells whether this session gave a code (`user.is_verified()`).
    The API is left to its own token endpoint, which asks for the code too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.path_info.startswith("/api/"):
            return None
        if request.resolver_match.view_name in OPEN_VIEWS or not twofactor.two_factor_required(user):
            return None
        if user.is_verified():
            return None
        if twofactor.two_factor_enabled(user):
            from portal.accounts.twofactor_views import resume_code_step

            return resume_code_step(request)
        return redirect("accounts:two_factor_setup")
