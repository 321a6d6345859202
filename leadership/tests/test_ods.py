"""The ODS loader builds the real hierarchy from the published files, all or nothing."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from leadership.models import Organisation, OrganisationKind, TrustType
from leadership.reference import ODS_DIR
from leadership.services.ods import OdsFileError, infer_trust_type, ods_load, ods_parse


def test_bundled_files_parse_into_every_kind():
    records = ods_parse(ODS_DIR)
    kinds = {}
    for r in records:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    assert kinds[OrganisationKind.TRUST] == 273
    assert kinds[OrganisationKind.SUB_ICB] == 321
    assert kinds[OrganisationKind.ICB] == 42
    assert kinds[OrganisationKind.NATION] == 2


@pytest.mark.django_db
def test_trust_sits_under_its_icb_region_and_nation():
    trust = Organisation.objects.get(ods_code="R0A")
    assert trust.path == "/ENG/Y62/QOP/R0A/"
    assert trust.parent.ods_code == "QOP"
    assert trust.parent.kind == OrganisationKind.ICB
    assert trust.parent.parent.ods_code == "Y62"
    assert trust.depth == 3
    assert trust.trust_type == TrustType.ACUTE
    assert trust.name == "Manchester University NHS Foundation Trust"


@pytest.mark.django_db
def test_welsh_trusts_sit_under_wales():
    assert Organisation.objects.get(ods_code="RT4").path == "/WAL/RT4/"
    assert Organisation.objects.get(ods_code="RT4").trust_type == TrustType.AMBULANCE


@pytest.mark.django_db
def test_closed_trusts_are_kept_and_marked_closed():
    closed = Organisation.objects.filter(kind="trust", closed_on__isnull=False)
    assert closed.count() == 68
    assert (
        Organisation.objects.filter(kind="trust", closed_on__isnull=True).count() == 205
    )
    assert all(not o.is_open for o in closed[:5])


@pytest.mark.django_db
def test_loading_the_same_files_again_changes_nothing():
    before = Organisation.objects.count()
    result = ods_load(directory=ODS_DIR)
    assert (result.created, result.updated) == (0, 0)
    assert Organisation.objects.count() == before


@pytest.mark.django_db
def test_a_bad_row_loads_nothing_and_names_file_and_row(tmp_path: Path):
    for f in ODS_DIR.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    etr = tmp_path / "etr.csv"
    lines = etr.read_text().splitlines()
    lines.append('"ZZ9","NEW TRUST","Y56"')  # 3 columns instead of 27
    lines.append(lines[0].replace('"20241101"', '"2024-11-01"').replace("G6V2S", "ZZ8"))
    etr.write_text("\n".join(lines) + "\n")
    Organisation.objects.filter(ods_code="RJ1").update(name="Changed")
    with pytest.raises(OdsFileError) as info:
        ods_load(directory=tmp_path)
    assert "etr.csv row 274: expected 27 columns, found 3" in info.value.problems
    assert any("etr.csv row 275 column 11" in p for p in info.value.problems)
    assert Organisation.objects.get(ods_code="RJ1").name == "Changed"
    assert not Organisation.objects.filter(ods_code__in=["ZZ9", "ZZ8"]).exists()


@pytest.mark.django_db
def test_command_reports_problems_without_loading(tmp_path: Path):
    with pytest.raises(CommandError, match=r"eauth\.csv: file not found"):
        call_command("load_ods", str(tmp_path))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("NORTH WEST AMBULANCE SERVICE NHS TRUST", TrustType.AMBULANCE),
        ("OXLEAS NHS FOUNDATION TRUST", TrustType.ACUTE),
        (
            "BIRMINGHAM AND SOLIHULL MENTAL HEALTH NHS FOUNDATION TRUST",
            TrustType.MENTAL_HEALTH,
        ),
        ("LINCOLNSHIRE COMMUNITY HEALTH SERVICES NHS TRUST", TrustType.COMMUNITY),
    ],
)
def test_trust_type_is_inferred_from_the_name(name, expected):
    assert infer_trust_type(name) == expected
