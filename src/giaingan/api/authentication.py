"""`Authorization: Token <token>`: the user the token was issued to, while it is active."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from giaingan.api.tokens import api_token_holder

INVALID = "Mã truy cập không đúng hoặc đã bị thu hồi."
INACTIVE = "Tài khoản của mã truy cập này đã bị khóa."


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str):
        token = api_token_holder(key)
        if token is None:
            raise exceptions.AuthenticationFailed(INVALID)
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(INACTIVE)
        return token.user, token
