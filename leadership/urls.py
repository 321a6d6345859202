from django.urls import path

from leadership import views

app_name = "leadership"

urlpatterns = [
    path("", views.organisation_list, name="organisation-list"),
    path("<str:ods_code>/", views.organisation_detail, name="organisation-detail"),
]
