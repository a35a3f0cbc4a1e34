from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """A link that works until the account is confirmed, then never again."""

    key_salt = "portal.accounts.tokens.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return "%s%s%s%s" % (user.pk, user.email, user.email_confirmed_at, timestamp)


email_confirmation_token = EmailConfirmationTokenGenerator()
