from rest_framework import serializers

from accounts.models import Membership, User


class MembershipSerializer(serializers.ModelSerializer):
    organisation_code = serializers.CharField(source="organisation.ods_code")
    organisation_name = serializers.CharField(source="organisation.name")

    class Meta:
        model = Membership
        fields = ["role", "organisation_code", "organisation_name"]


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "is_superuser", "memberships"]
