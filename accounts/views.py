"""Home page and the signed-in user's own account page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.selectors import membership_list


def home(request: HttpRequest) -> HttpResponse:
    """Show the service start page, or the signed-in user's starting points by role."""
    memberships = (
        membership_list(user=request.user) if request.user.is_authenticated else []
    )
    return render(request, "accounts/home.html", {"memberships": memberships})


@login_required
def my_account(request: HttpRequest) -> HttpResponse:
    """Show who the user is and the roles they hold in each organisation."""
    return render(
        request,
        "accounts/my_account.html",
        {"memberships": membership_list(user=request.user)},
    )
