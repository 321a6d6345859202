from django.urls import path

from regulation import views

app_name = "regulation"

urlpatterns = [
    path("", views.regulator_list, name="regulator-list"),
    path("guidance/", views.article_list, name="article-list"),
    path("guidance/<slug:slug>/", views.article_detail, name="article-detail"),
    path("return-to-practice/", views.return_to_practice, name="return-to-practice"),
    path("<str:code>/", views.regulator_detail, name="regulator-detail"),
]
