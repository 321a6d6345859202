"""Admin for users and memberships, and the mixin that scopes every other admin."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Membership, User
from accounts.roles import ALL_ROLES, Role
from accounts.scoping import is_national, organisation_q


class ScopedAdminMixin:
    """Limit an admin to the rows the user's memberships allow; others answer 404.

    The model's manager must be a ScopedQuerySet, the same one pages and the API use.
    Lists, change, delete and history pages all read `get_queryset`, so a row out of
    scope is simply not found. Foreign keys in the form offer (and accept) only what
    the user may see: the organisation the rows are scoped by, and rows of any other
    scoped model.
    """

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)  # type: ignore[misc]
        return self.scope(qs, request.user)

    def scope(self, queryset: QuerySet, user: Any) -> QuerySet:
        """The rows of `queryset` this user may see (override for models whose
        manager has no visible_to)."""
        return queryset.visible_to(user)  # type: ignore[attr-defined]

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ):
        # Django's admin redirects with a message; an out-of-scope id must not be told apart.
        raise Http404

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ):
        user = request.user
        if not user.is_superuser:
            scoped = scoped_choices(self.model, db_field, user)
            if scoped is not None:
                kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


def scoped_choices(model: Any, db_field: Any, user: Any) -> QuerySet | None:
    """The rows a foreign key may point at for this user, or None when unscoped."""
    from leadership.models import Organisation

    related = db_field.related_model
    manager_qs = model._default_manager.none()
    if related is Organisation and db_field.name == getattr(
        manager_qs, "scope_field", None
    ):
        return Organisation.objects.filter(
            organisation_q(user, "", manager_qs.scope_roles)
        )
    related_qs = related._default_manager.all()
    if hasattr(related_qs, "visible_to"):
        return related_qs.visible_to(user)
    return None


class ScopedHistoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin falls back to the history table for ids it cannot find (to
    show deleted rows), which would bypass scoping: out-of-scope ids answer 404."""

    def _in_scope_or_404(self, request: HttpRequest, object_id: str) -> None:
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> Any:
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: Any = None,
    ) -> Any:
        self._in_scope_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


def _memberships_in_scope(user: Any) -> Q:
    """Memberships at organisations under the user's own memberships (any role)."""
    return organisation_q(user, "organisation", ALL_ROLES)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(_memberships_in_scope(request.user))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_staff", "is_superuser", "is_active", "memberships__role"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name",)}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        """Everyone for superusers and national admins at the nation; a region's
        admin sees the accounts holding a role in the region (and their own)."""
        qs = super().get_queryset(request)
        user = request.user
        if user.is_superuser or is_national(user):
            return qs
        members = Membership.objects.filter(_memberships_in_scope(user))
        return qs.filter(Q(pk__in=members.values("user_id")) | Q(pk=user.pk))

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ):
        raise Http404


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name", "organisation__ods_code"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(_memberships_in_scope(request.user))

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ):
        raise Http404

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ):
        # A region's admin grants roles inside the region only: never at the nation
        # or in another region (which would widen their own or anyone's scope).
        if db_field.name == "organisation" and not request.user.is_superuser:
            from leadership.models import Organisation

            kwargs["queryset"] = Organisation.objects.filter(
                organisation_q(request.user, "", [Role.NATIONAL_ADMIN])
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
