"""The schema declaration is checked at import, with errors naming the bad key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.errors import SchemaError
from graph.schema import SCHEMA, SCHEMA_PATH, load_schema


def _broken(tmp_path: Path, edit) -> Path:
    raw = yaml.safe_load(SCHEMA_PATH.read_text(encoding="utf-8"))
    edit(raw)
    path = tmp_path / "schema.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda r: r["relationships"]["MEMBER_OF"].update(
                patterns=[["Organization", "Aliance"]]
            ),
            "relationships.MEMBER_OF.patterns[0][1]: unknown label 'Aliance'",
        ),
        (
            lambda r: r["labels"]["Enterprise"].update(extends=["Organisation"]),
            "labels.Enterprise.extends[0]: unknown label 'Organisation'",
        ),
        (lambda r: r["labels"]["Person"].pop("zh"), "labels.Person.zh: missing"),
        (lambda r: r["labels"]["Person"].pop("colour"), "labels.Person.colour: missing"),
        (
            lambda r: r["labels"]["Person"].update(colour="teal"),
            "labels.Person.colour: 'teal' is not a #rrggbb colour",
        ),
        (
            lambda r: r["labels"].update(
                person_card={"zh": "x", "en": "x", "colour": "#000000", "idPrefix": "p"}
            ),
            "labels.person_card: label names are CamelCase",
        ),
        (
            lambda r: r["relationships"].update(worksAt=r["relationships"]["WORKS_AT"]),
            "relationships.worksAt: relationship types are UPPER_SNAKE",
        ),
        (
            lambda r: r["labels"]["Event"]["properties"].update(Date={"type": "date", "zh": "日"}),
            "labels.Event.properties.Date: property names are camelCase",
        ),
        (
            lambda r: r["labels"]["Event"]["properties"].update(size={"type": "huge", "zh": "大"}),
            "labels.Event.properties.size.type: unknown type 'huge'",
        ),
    ],
)
def test_a_broken_schema_names_the_offending_key(tmp_path: Path, edit, message: str) -> None:
    path = _broken(tmp_path, edit)
    with pytest.raises(SchemaError) as error:
        load_schema(path)
    assert str(error.value).startswith(f"{path}: {message}")


def test_nodes_carry_their_super_labels() -> None:
    assert SCHEMA.label("SecondaryVocationalSchool").labels == (
        "Organization",
        "School",
        "SecondaryVocationalSchool",
    )
    assert SCHEMA.label("Person").labels == ("Person",)
    assert set(SCHEMA.descendants("School")) == {
        "SecondaryVocationalSchool",
        "HigherEducationInstitution",
    }


def test_patterns_follow_inheritance_and_symmetry() -> None:
    assert SCHEMA.allows("Person", "WORKS_AT", "Enterprise")
    assert not SCHEMA.allows("Person", "MEMBER_OF", "Industry")
    assert SCHEMA.allows("Enterprise", "PARTNERS_WITH", "HigherEducationInstitution")
    assert not SCHEMA.allows("Enterprise", "TARGETS_INDUSTRY", "Industry")


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("浙江工业职业技术学院", "HigherEducationInstitution"),
        ("绍兴中专", "SecondaryVocationalSchool"),
        ("绍兴市技师学院", "SecondaryVocationalSchool"),
        ("绍兴中科通信设备有限公司", "Enterprise"),
        ("绍兴市教育局", "GovernmentAgency"),
        ("绍兴集成电路产业园管理委员会", "IndustrialPark"),
        ("绍兴数字工匠共育联盟", "Alliance"),
        ("浙江省机械工程学会", "Association"),
    ],
)
def test_name_suffixes_tell_the_kind(name: str, label: str) -> None:
    assert SCHEMA.kind_of(name) == label


def test_unknown_label_lists_the_choices() -> None:
    with pytest.raises(
        SchemaError,
        match="unknown label 'Company'; the schema has "
        "SecondaryVocationalSchool, HigherEducationInstitution",
    ):
        SCHEMA.label("Company")
