"""FilterSets for regulation pages and API."""

import django_filters

from regulation.models import GuidanceArticle, Regulator, Topic


class ArticleFilter(django_filters.FilterSet):
    regulator = django_filters.ModelChoiceFilter(
        queryset=Regulator.objects.filter(oversees_regulators=False),
        empty_label="Any regulator",
    )
    topic = django_filters.ChoiceFilter(choices=Topic.choices, empty_label="Any topic")

    class Meta:
        model = GuidanceArticle
        fields = ["regulator", "topic"]
