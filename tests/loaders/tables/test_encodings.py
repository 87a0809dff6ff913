"""Encodings: a GB18030 or BOM file with Chinese headers loads the same facts as its UTF-8 twin."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.errors import LoadError
from graph.knowledge_graph import KnowledgeGraph
from loaders import load_path
from loaders.encoding import detect_encoding
from loaders.readers import read_table

Loader = Callable[..., KnowledgeGraph]
Facts = Callable[[KnowledgeGraph], set[tuple[object, ...]]]


@pytest.mark.parametrize(
    ("name", "codec"),
    [("hezuo.csv", "utf-8"), ("hezuo_bom.csv", "utf-8-sig"), ("hezuo_gb18030.csv", "gb18030")],
)
def test_the_encoding_is_told_from_the_bytes(tables: Path, name: str, codec: str) -> None:
    assert detect_encoding((tables / name).read_bytes()) == codec


@pytest.mark.parametrize("twin", ["hezuo_gb18030.csv", "hezuo_bom.csv"])
def test_a_twin_with_a_mapping_loads_the_same_facts_as_the_utf8_file(
    tables: Path, load_graph: Loader, facts_of: Facts, twin: str
) -> None:
    mapping = tables / "hezuo.mapping.yaml"
    utf8 = load_graph(tables / "hezuo.csv", mapping=mapping)
    other = load_graph(tables / twin, mapping=mapping)
    assert facts_of(other) == facts_of(utf8)
    # and the facts are the right ones, not mojibake
    school = utf8.node(utf8.resolve("绍兴中专"))
    assert (school["label"], school["props"]["region"]) == ("SecondaryVocationalSchool", "绍兴市")
    assert utf8.label_of(utf8.resolve("绍兴文理学院")) == "HigherEducationInstitution"
    source = next(utf8.nodes("Source"))
    assert (source["name"], source["props"]["kind"], source["props"]["tier"]) == (
        "2023年绍兴市校企合作项目汇总表",
        "government notice",
        1,
    )


def test_gbk_named_with_encoding_is_read_as_gb18030(
    tables: Path, load_graph: Loader, facts_of: Facts
) -> None:
    mapping = tables / "hezuo.mapping.yaml"
    named = load_graph(tables / "hezuo_gb18030.csv", mapping=mapping, encoding="GBK")
    assert facts_of(named) == facts_of(load_graph(tables / "hezuo.csv", mapping=mapping))


def test_a_wrong_encoding_is_refused_with_the_remedy(tables: Path) -> None:
    with pytest.raises(LoadError) as caught:
        list(load_path(tables / "hezuo_gb18030.csv", encoding="utf-8"))
    assert str(caught.value).startswith(f"{tables / 'hezuo_gb18030.csv'}: not valid utf-8 (")
    assert str(caught.value).endswith("(pass --encoding gb18030 (or the encoding the file is in))")


def test_an_unknown_encoding_name_says_which_ones_work(tables: Path) -> None:
    with pytest.raises(LoadError, match="unknown encoding 'klingon'"):
        list(load_path(tables / "hezuo.csv", encoding="klingon"))


def test_an_unknown_encoding_names_the_file_and_where_it_was_given(tables: Path) -> None:
    path = tables / "hezuo_gb18030.csv"
    with pytest.raises(LoadError) as caught:
        read_table(path, encoding="nosuch")
    assert str(caught.value) == (
        f"{path}: unknown encoding 'nosuch' (given with --encoding, or as a mapping's "
        "encoding:) (use one of utf-8, utf-8-sig, gbk, gb2312, gb18030, big5, utf-16)"
    )
