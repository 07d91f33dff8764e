"""Tokens in the admin: issue one (shown once, on the page that issued it), revoke, list."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from giaingan.api.models import ApiToken
from giaingan.api.tokens import api_token_issue, api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "user",
        "name",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = [
        "prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        if obj is None:
            return ["user", "name"]
        return ["user", "name", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None):
        if obj is None:
            return []
        return ["user", "name", *self.readonly_fields]

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False  # revoked, never deleted: who used which token stays on record

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        if change:
            return  # a token is never edited
        token, raw = api_token_issue(user=obj.user, by=request.user, name=obj.name)
        obj.pk = token.pk
        messages.warning(
            request,
            f"Mã truy cập mới của {token.user.get_username()}: {raw} — hãy sao chép ngay: "
            "mã này chỉ hiện một lần, hệ thống chỉ giữ bản băm của nó.",
        )

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:api_apitoken_changelist"))

    @admin.action(description="Thu hồi các mã truy cập đã chọn")
    def revoke(self, request: HttpRequest, queryset) -> None:
        revoked = sum(api_token_revoke(token=token, by=request.user) for token in queryset)
        messages.success(request, f"Đã thu hồi {revoked} mã truy cập.")
