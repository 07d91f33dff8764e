"""django-axes' page of failed logins, with the columns its own admin leaves unnamed."""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin


class LoginAttemptAdmin(AccessAttemptAdmin):
    @admin.display(description="Trạng thái")
    def status(self, obj: AccessAttempt) -> str:
        return super().status(obj)

    @admin.display(description="Hết hạn lúc")
    def expiration(self, obj: AccessAttempt):
        return super().expiration(obj)


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LoginAttemptAdmin)
