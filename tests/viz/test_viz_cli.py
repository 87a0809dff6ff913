"""``iekg viz`` and its views as an analyst types them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iekg.cli import cli


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store")
    result = CliRunner().invoke(cli, ["build", "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _viz(store: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["viz", *args, "--store", str(store)])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["connections", "--min-depth", "3"], "1 connected pair"),
        (["ego", "绍兴中专", "--depth", "1"], "10 nodes and 16 lines"),
        (["alliance", "共育联盟"], "9 nodes and 17 lines"),
        (["path", "中科通信", "绍兴文理学院"], "5 nodes and 6 lines"),
        (["industry", "高端装备"], "2 nodes and 1 line"),
        (["overview", "--kind", "企业,学校"], "8 nodes and 1 line"),
    ],
)
def test_each_view_writes_its_page(store: Path, tmp_path: Path, args: list[str], what: str) -> None:
    out = tmp_path / "map.html"
    code, output = _viz(store, *args, "-o", str(out))
    assert (code, output) == (0, f"Map of {what} written to {out.resolve()}\n")
    page = out.read_text(encoding="utf-8")
    assert f'<pre id="query">iekg viz {args[0]}' in page
    if args[0] == "connections":  # one pair, in the page's own words too
        assert "2 个单位 organisations, 1 对联系 connected pair;" in page


def test_mistakes_are_explained(store: Path, tmp_path: Path) -> None:
    code, output = _viz(store, "ego", "绍兴", "-o", str(tmp_path / "x.html"))
    assert code == 1
    assert output.startswith("Error: name='绍兴' is ambiguous: 19 matches: ")
    code, output = _viz(store, "overview", "--kind", "学堂", "-o", str(tmp_path / "x.html"))
    assert code == 1
    assert output.startswith("Error: kind '学堂' is not a kind of node; use one of ")
    code, output = _viz(store, "overview", "--as-of", "2023-13", "-o", str(tmp_path / "x.html"))
    assert output == "Error: --as-of: '2023-13' is not a real date (month 13)\n"
