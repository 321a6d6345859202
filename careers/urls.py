from django.urls import path

from careers import views, views_plans

app_name = "careers"

urlpatterns = [
    path("", views.index, name="index"),
    path("roles/", views.role_list, name="role-list"),
    path("roles/<slug:code>/", views.role_detail, name="role-detail"),
    path("pathways/", views.pathway_list, name="pathway-list"),
    path("pathways/<slug:code>/", views.pathway_detail, name="pathway-detail"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("case-studies/", views.case_study_list, name="case-study-list"),
    path(
        "case-studies/<slug:slug>/", views.case_study_detail, name="case-study-detail"
    ),
    path("search/", views.search, name="search"),
    path("plan/", views_plans.plan_new, name="plan-new"),
    path("plans/", views_plans.plan_list, name="plan-list"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan-detail"),
    path(
        "plans/<int:pk>/steps/<int:position>/",
        views_plans.plan_step_mark,
        name="plan-step-mark",
    ),
    path("keep-my-registration/", views_plans.checker, name="checker"),
    path("advice/", views_plans.advice_list, name="advice-list"),
    path("advice/queue/", views_plans.advice_queue, name="advice-queue"),
    path("advice/<int:pk>/", views_plans.advice_detail, name="advice-detail"),
]
