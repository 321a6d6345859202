from django.urls import path

from talent import views

app_name = "talent"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("equity/", views.equity, name="equity"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("succession/", views.succession_index, name="succession-index"),
    path("succession/<str:ods_code>/", views.succession, name="succession"),
    path("profiles/", views.profile_list, name="profile-list"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile-detail"),
    path("profiles/<int:pk>/reviews/new/", views.review_create, name="review-create"),
    path("profiles/<int:pk>/actions/new/", views.action_create, name="action-create"),
    path(
        "profiles/<int:pk>/progress/", views.profile_progress, name="profile-progress"
    ),
    path("cohorts/", views.cohort_list, name="cohort-list"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort-detail"),
    path("me/", views.my_programme, name="mine"),
    path("me/nominate/", views.nominate, name="nominate"),
    path("nominations/", views.nomination_list, name="nomination-list"),
    path(
        "nominations/<int:pk>/decide/",
        views.nomination_decide,
        name="nomination-decide",
    ),
]
