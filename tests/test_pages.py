"""Server-rendered pages: each renders for its user, forms show NHS.UK errors, lists page.

Cross-organisation scoping (404 for another organisation's records) is tested in
test_permissions.py; these tests only look at what a page shows its own user.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django import forms
from django.contrib.messages import INFO, SUCCESS
from django.contrib.messages.storage.base import Message
from django.core import mail
from django.db import connection
from django.template import loader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.templatetags.nhsuk_forms import DateInput
from careers.models import Profession
from conftest import PASSWORD, TRUST_A
from leadership.models import Organisation, Person
from talent.models import EntryLevel, TalentProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_profiles() -> Callable[..., list[TalentProfile]]:
    """Create `count` live talent profiles at an organisation (default trust A)."""

    def make(count: int, code: str = TRUST_A, start: int = 0) -> list[TalentProfile]:
        organisation = Organisation.objects.get(ods_code=code)
        profession = Profession.objects.get(code="nursing")
        entry_level = EntryLevel.objects.get(code="emerging-leader")
        profiles = []
        for i in range(start, start + count):
            person = Person.objects.create(
                external_ref=f"page-test-{code}-{i}",
                full_name=f"Clinician {i:03d}",
                profession=profession,
            )
            profiles.append(
                TalentProfile.objects.create(
                    person=person,
                    organisation=organisation,
                    entry_level=entry_level,
                    profession=profession,
                    identified_by="line_manager",
                    joined_on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
                )
            )
        return profiles

    return make


@pytest.fixture
def lead_client(client, talent_lead_a: User):
    client.force_login(talent_lead_a)
    return client


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "page has no h1"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


# --- Layout -------------------------------------------------------------------------


def test_anonymous_home_is_a_start_page_with_a_sign_in_button(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert h1(html) == "Clinical Leadership Pathways"
    assert "<title>Clinical Leadership Pathways</title>" in html
    assert f'href="{reverse("accounts:login")}" role="button"' in html
    assert '<html lang="en">' in html
    assert 'href="#maincontent"' in html and 'id="maincontent"' in html


def test_signed_in_home_shows_a_card_per_role_and_the_navigation(lead_client):
    html = lead_client.get("/").content.decode()
    assert "Talent lead" in html
    assert "Manchester University NHS Foundation Trust" in html
    assert reverse("talent:profile-list") in html
    assert 'aria-current="page"' in html  # "Home" is the current navigation item
    # Sign-out is a POST form with a CSRF token, as Django 5's LogoutView needs.
    assert re.search(
        r'<form[^>]*action="/accounts/logout/"[^>]*method="post"[^>]*>\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken"',
        html,
    )


def test_footer_explains_small_number_suppression(client):
    html = client.get("/").content.decode()
    assert "counts 1-7 shown as *, others rounded to the nearest 5" in html
    assert reverse("api-docs") in html


def test_pages_load_no_asset_from_another_host(lead_client):
    html = lead_client.get(reverse("leadership:organisation-list")).content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert '<script type="module" src="/static/js/init.js"></script>' in html


def test_my_account_lists_email_and_memberships(lead_client, talent_lead_a):
    response = lead_client.get(reverse("accounts:my-account"))
    html = response.content.decode()
    assert response.status_code == 200
    assert h1(html) == "Your account"
    assert "<title>Your account - Clinical Leadership Pathways</title>" in html
    assert talent_lead_a.email in html
    assert "Your roles" in html and "Talent lead" in html


def test_messages_render_as_notification_banners():
    html = loader.render_to_string(
        "includes/messages.html",
        {"messages": [Message(SUCCESS, "Saved"), Message(INFO, "Read this")]},
    )
    assert "nhsuk-notification-banner--success" in html and "Saved" in html
    assert "Important" in html and "Read this" in html


@pytest.mark.parametrize(
    "url",
    [
        reverse("accounts:my-account"),
        reverse("leadership:organisation-list"),
        reverse("leadership:organisation-detail", args=[TRUST_A]),
        reverse("talent:profile-list"),
        reverse("talent:profile-detail", args=[1]),
    ],
)
def test_pages_needing_sign_in_redirect_anonymous_users_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_unknown_page_renders_the_nhs_404_page(lead_client):
    response = lead_client.get("/no-such-page/")
    assert response.status_code == 404
    assert h1(response.content.decode()) == "Page not found"


def test_500_page_renders_without_any_context():
    html = loader.get_template("500.html").render()
    assert h1(html) == "Sorry, there is a problem with the service"
    assert (
        "<title>Sorry, there is a problem with the service"
        " - Clinical Leadership Pathways</title>" in html
    )
    assert 'class="nhsuk-header"' in html and 'href="#maincontent"' in html


# --- Sign-in and password reset ---------------------------------------------------------


def test_login_page_renders_nhs_form_fields(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert h1(html) == "Sign in"
    assert '<label class="nhsuk-label" for="id_username">Email address</label>' in html
    assert 'class="nhsuk-input"' in html
    assert "Forgotten your password?" in html


def test_login_with_wrong_password_shows_error_summary_and_inline_error(
    client, talent_lead_a
):
    response = client.post(
        reverse("accounts:login"),
        {"username": talent_lead_a.email, "password": "wrong"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in - Clinical Leadership Pathways</title>" in html
    assert "nhsuk-error-summary" in html and "There is a problem" in html
    assert '<a href="#id_username">Enter a correct email address' in html
    assert 'class="nhsuk-error-message" id="sign-in-error"' in html


def test_login_with_missing_password_marks_the_field_in_error(client, talent_lead_a):
    html = client.post(
        reverse("accounts:login"), {"username": talent_lead_a.email, "password": ""}
    ).content.decode()
    assert '<a href="#id_password">This field is required.</a>' in html
    assert 'id="id_password-error"' in html
    assert "nhsuk-form-group--error" in html
    assert re.search(
        r'<input[^>]*class="[^"]*nhsuk-input--error[^"]*"[^>]*id="id_password"', html
    )
    assert 'aria-describedby="id_password-error"' in html


def test_login_with_correct_password_signs_in_and_sign_out_needs_post(
    client, talent_lead_a
):
    response = client.post(
        reverse("accounts:login"),
        {"username": talent_lead_a.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:my-account")).status_code == 200
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("accounts:my-account")).status_code == 302


def test_repeated_failed_sign_in_shows_the_lockout_page(client, talent_lead_a):
    for _ in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": talent_lead_a.email, "password": "wrong"},
        )
    response = client.post(
        reverse("accounts:login"), {"username": talent_lead_a.email, "password": "x"}
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts. Try again in 15 minutes." in (
        response.content.decode()
    )


def test_password_reset_email_link_lets_the_user_set_a_new_password(
    client, talent_lead_a
):
    html = client.get(reverse("accounts:password_reset")).content.decode()
    assert h1(html) == "Reset your password"
    response = client.post(
        reverse("accounts:password_reset"), {"email": talent_lead_a.email}
    )
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert h1(client.get(response["Location"]).content.decode()) == "Check your email"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your Clinical Leadership Pathways password"
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", message.body)
    assert link, message.body

    page = client.get(link.group(1), follow=True)
    assert h1(page.content.decode()) == "Set a new password"
    new_password = "a-brand-new-long-passphrase"
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert h1(done.content.decode()) == "Your password has been changed"
    talent_lead_a.refresh_from_db()
    assert talent_lead_a.check_password(new_password)


def test_password_reset_confirm_explains_an_invalid_link(client):
    url = reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"])
    html = client.get(url).content.decode()
    assert h1(html) == "This link has expired"


def test_password_reset_with_mismatched_passwords_shows_errors(client, talent_lead_a):
    client.post(reverse("accounts:password_reset"), {"email": talent_lead_a.email})
    link = re.search(r"(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    html = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "first-long-passphrase", "new_password2": "second-one"},
    ).content.decode()
    assert "There is a problem" in html
    assert 'href="#id_new_password2"' in html


# --- Organisations ----------------------------------------------------------------------


def test_organisation_list_shows_count_filters_and_table(lead_client):
    response = lead_client.get(reverse("leadership:organisation-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert h1(html) == "Organisations"
    count = Organisation.objects.count()
    assert f"{count:,} organisations" in html
    assert "Apply filters" in html
    assert "<caption" in html
    assert "Page 1 of" in html


def test_organisation_list_filters_by_kind_and_name(lead_client):
    html = lead_client.get(
        reverse("leadership:organisation-list"), {"kind": "trust", "q": "manchester"}
    ).content.decode()
    assert "Manchester University NHS Foundation Trust" in html
    assert "NHS Greater Manchester Integrated Care Board</a>" not in html
    expected = Organisation.objects.filter(
        kind="trust", name__icontains="manchester"
    ).count()
    assert f"{expected} organisation" in html


def test_organisation_list_pagination_keeps_the_filters(lead_client):
    trusts = Organisation.objects.filter(kind="trust").count()
    assert trusts > 50, "needs more than one page of trusts"
    url = reverse("leadership:organisation-list")
    html = lead_client.get(url, {"kind": "trust"}).content.decode()
    assert 'href="?kind=trust&amp;page=2"' in html
    page2 = lead_client.get(url, {"kind": "trust", "page": 2}).content.decode()
    assert 'href="?kind=trust&amp;page=1"' in page2
    assert "Page 2 of" in page2
    # The filter form shows the chosen filter again.
    assert '<option value="trust" selected>' in page2


def test_organisation_list_empty_state_offers_to_clear_filters(lead_client):
    url = reverse("leadership:organisation-list")
    html = lead_client.get(url, {"q": "no-such-organisation-xyz"}).content.decode()
    assert "No organisations match these filters" in html
    assert f'<a href="{url}">Clear filters</a>' in html
    assert "<table" not in html


def test_organisation_detail_shows_breadcrumbs_summary_and_children(lead_client):
    trust = Organisation.objects.get(ods_code=TRUST_A)
    html = lead_client.get(
        reverse("leadership:organisation-detail", args=[TRUST_A])
    ).content.decode()
    assert h1(html) == trust.name
    assert 'aria-label="Breadcrumb"' in html
    assert trust.parent.name in html
    assert "ODS code" in html and TRUST_A in html

    icb = trust.parent
    icb_html = lead_client.get(
        reverse("leadership:organisation-detail", args=[icb.ods_code])
    ).content.decode()
    assert f"Organisations within {icb.name}" in icb_html
    assert trust.name in icb_html


def test_organisation_list_query_count_does_not_grow_with_rows(
    lead_client, django_assert_max_num_queries
):
    url = reverse("leadership:organisation-list")
    with django_assert_max_num_queries(8):
        response = lead_client.get(url)  # 50 rows with parents
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as few:
        lead_client.get(url, {"q": "manchester"})
    with CaptureQueriesContext(connection) as many:
        lead_client.get(url)
    assert len(many) == len(few)


# --- Talent profiles --------------------------------------------------------------------


def test_profile_list_shows_profiles_with_their_details(lead_client, make_profiles):
    profile = make_profiles(3)[0]
    response = lead_client.get(reverse("talent:profile-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert h1(html) == "Talent profiles"
    assert "3 talent profiles" in html
    assert profile.person.full_name in html
    assert reverse("talent:profile-detail", args=[profile.pk]) in html
    assert "Emerging leader" in html and "nhsuk-tag" in html


def test_profile_list_empty_state(lead_client):
    html = lead_client.get(reverse("talent:profile-list")).content.decode()
    assert "No talent profiles yet" in html
    filtered = lead_client.get(
        reverse("talent:profile-list"), {"q": "nobody"}
    ).content.decode()
    assert "No talent profiles match these filters" in filtered


def test_profile_list_pagination_keeps_the_filters(lead_client, make_profiles):
    make_profiles(55)
    html = lead_client.get(
        reverse("talent:profile-list"), {"q": "Clinician"}
    ).content.decode()
    assert 'href="?q=Clinician&amp;page=2"' in html
    assert "Page 1 of 2" in html


def test_profile_detail_shows_the_summary_list(lead_client, make_profiles):
    profile = make_profiles(1)[0]
    profile.target_horizon_years = 3
    profile.willing_to_move_region = True
    profile.save()
    html = lead_client.get(
        reverse("talent:profile-detail", args=[profile.pk])
    ).content.decode()
    assert h1(html) == profile.person.full_name
    for key in ["Sponsor", "Mentor", "Target role", "Target horizon", "Mobility"]:
        assert f'<dt class="nhsuk-summary-list__key">{key}</dt>' in html
    assert "3 years" in html
    assert "Willing to move region" in html


def test_profile_list_query_count_does_not_grow_with_rows(
    lead_client, make_profiles, django_assert_max_num_queries
):
    url = reverse("talent:profile-list")
    make_profiles(3)
    with CaptureQueriesContext(connection) as three:
        lead_client.get(url)
    make_profiles(27, start=3)
    with django_assert_max_num_queries(len(three)) as thirty:
        response = lead_client.get(url)
    assert "30 talent profiles" in response.content.decode()
    assert len(thirty) == len(three)
    assert len(three) <= 10


# --- Form rendering ----------------------------------------------------------------------


class KitchenSinkForm(forms.Form):
    name = forms.CharField(help_text="As it appears on your registration.")
    notes = forms.CharField(widget=forms.Textarea, required=False)
    region = forms.ChoiceField(choices=[("", "Choose"), ("nw", "North West")])
    colour = forms.ChoiceField(
        choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect
    )
    tags = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField()
    started = forms.DateField(widget=DateInput, help_text="For example, 27 3 2024")


def test_every_form_renders_with_nhs_markup_and_errors_beside_fields():
    form = KitchenSinkForm(data={"started_day": "31", "started_month": "2"})
    html = str(form)
    assert "nhsuk-input nhsuk-input--error" in html
    assert 'class="nhsuk-hint" id="id_name-hint"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert "nhsuk-textarea" in html
    assert "nhsuk-select nhsuk-select--error" in html
    assert 'class="nhsuk-radios__input"' in html and "nhsuk-radios__label" in html
    assert 'class="nhsuk-checkboxes__input"' in html
    assert html.count("<legend") == 3  # radios, checkboxes, date
    assert 'name="started_day"' in html and 'value="31"' in html
    assert html.count("nhsuk-form-group--error") >= 7
    summary = loader.render_to_string("includes/error_summary.html", {"form": form})
    for target in [
        "id_name",
        "id_region",
        "id_colour_0",
        "id_tags_0",
        "id_started_day",
    ]:
        assert f'href="#{target}"' in summary


class ConsentForm(forms.Form):
    shared = forms.BooleanField(
        label="Share this review", help_text="They never see private notes."
    )
    upload = forms.FileField(label="Upload a CSV file")


def test_single_checkbox_hint_sits_under_its_label_and_file_input_is_styled():
    html = str(ConsentForm(data={}))
    item = re.search(
        r'<div class="nhsuk-checkboxes__item">(.*?)</div>\s*</div>', html, re.S
    )
    assert item is not None
    inside = item[1]
    assert inside.index("nhsuk-checkboxes__label") < inside.index(
        '<div class="nhsuk-hint nhsuk-checkboxes__hint" id="id_shared-hint">'
    )
    assert 'aria-describedby="id_shared-hint id_shared-error"' in inside
    assert html.index('id="id_shared-error"') < html.index("nhsuk-checkboxes__item")
    assert 'class="nhsuk-file-upload__input"' in html


def test_date_input_reads_day_month_and_year():
    form = KitchenSinkForm(
        data={
            "name": "A",
            "region": "nw",
            "colour": "red",
            "tags": ["a"],
            "agree": "on",
            "started_day": "27",
            "started_month": "3",
            "started_year": "2024",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["started"] == dt.date(2024, 3, 27)
    assert 'value="27"' in str(
        KitchenSinkForm(initial={"started": dt.date(2024, 3, 27)})
    )
