from django.contrib import admin

from regulation.models import GuidanceArticle, Regulator, RegulatorRule


class RegulatorRuleInline(admin.StackedInline):
    model = RegulatorRule
    extra = 0


@admin.register(Regulator)
class RegulatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "has_licence_to_practise", "revalidation_years"]
    search_fields = ["code", "name"]
    inlines = [RegulatorRuleInline]


@admin.register(GuidanceArticle)
class GuidanceArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "regulator", "topic", "status", "last_checked"]
    list_filter = ["status", "regulator", "topic"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
