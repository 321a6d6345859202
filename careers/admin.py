from django.contrib import admin

from careers.models import Grade, Level, Profession, Role


@admin.register(Profession)
class ProfessionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "is_clinical", "regulator"]
    list_filter = ["group", "is_clinical", "regulator"]
    search_fields = ["name", "code"]
    list_select_related = ["regulator"]


class GradeInline(admin.TabularInline):
    model = Grade
    extra = 0


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["rank", "code", "name", "is_board"]
    inlines = [GradeInline]


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "code", "level"]
    list_filter = ["scheme", "level"]
    list_select_related = ["level"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "board_seat", "is_clinical_post"]
    list_filter = ["level", "board_seat", "is_clinical_post"]
    search_fields = ["name", "code"]
    filter_horizontal = ["typical_professions"]
    list_select_related = ["level"]
