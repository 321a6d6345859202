from django.contrib import admin

from regulation.models import Regulator


@admin.register(Regulator)
class RegulatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "has_licence_to_practise", "revalidation_years"]
    search_fields = ["code", "name"]
