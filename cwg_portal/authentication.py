from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from cwg_portal.roles import mfa_enrolment_missing


class MFAEnforcingTokenAuthentication(TokenAuthentication):
    """Knox tokens (stored hashed, with an expiry), refused to a user who must enrol
    in MFA and has not: a token must not be a way around the browser's rule."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and mfa_enrolment_missing(result[0]):
            raise exceptions.AuthenticationFailed("Enrol in two-factor authentication first.")
        return result


class MFAEnforcingTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token header in the OpenAPI schema."""

    target_class = MFAEnforcingTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Token",  # noqa: S106 - a scheme name, not a secret
        )
