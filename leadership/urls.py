from django.urls import path

from leadership import views, views_careers

app_name = "leadership"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path(
        "organisations/<str:ods_code>/",
        views.organisation_detail,
        name="organisation-detail",
    ),
    path(
        "organisations/<str:ods_code>/board/", views.board_detail, name="board-detail"
    ),
    path("leaders/", views.leader_list, name="leader-list"),
    path("leaders/statistics/", views.leader_statistics, name="leader-statistics"),
    path("leaders/import/", views.leader_import, name="leader-import"),
    path("leaders/<int:pk>/", views.leader_detail, name="leader-detail"),
    # Careers pages that need people data (issue 5).
    path(
        "leaders/registrations-due/",
        views_careers.registrations_due_list,
        name="registrations-due",
    ),
    path("careers/compare/", views_careers.compare, name="careers-compare"),
    path(
        "careers/roles/<slug:code>/routes/",
        views_careers.role_routes,
        name="careers-role-routes",
    ),
]
