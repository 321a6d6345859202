from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:ods_code>/", views.dashboard, name="dashboard"),
    path("<str:ods_code>/refresh/", views.refresh, name="refresh"),
    path("<str:ods_code>/progress/", views.progress, name="progress"),
    path("<str:ods_code>/<str:kind>.<str:fmt>", views.export, name="export"),
]
