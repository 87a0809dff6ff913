"""A synthetic industry–education graph in the documented table format.

``iekg synth --orgs N --seed S -o DIR`` writes the folder of CSV sheets that
:mod:`loaders.tables` reads: realistic proportions of kinds, a region
hierarchy (province → city → district), industries, alliances of varied
size with lead units and founding events, projects of every kind on the
depth ladder with 2–5 participants, signed agreements, people with titles,
and dates over ten years. Activity is heavy-tailed (a few organisations take
part in a great deal, most in little), as in real partnership data.

Everything is clearly synthetic: every organisation and region name starts
with 合成 ("synthetic"), and every row cites one source that says so. The
same seed gives byte-identical files. Simple loops over precomputed
cumulative weights keep it fast enough for the benchmarks' 100k
organisations.
"""

from __future__ import annotations

import csv
import itertools
import random
from bisect import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.schema import SCHEMA

__all__ = ["SOURCE_KEY", "SynthReport", "write_synthetic"]

SOURCE_KEY = "synth"
# Relationship types written into relationships.csv, checked against the schema at import.
_WORKS_AT = SCHEMA.rel("WORKS_AT").name
_ESTABLISHED, _GUIDES, _MEMBER_OF, _ATTENDED, _PARTICIPATES_IN, _HOSTED, _SIGNED = (
    SCHEMA.rel(t).name
    for t in (
        "ESTABLISHED",
        "GUIDES",
        "MEMBER_OF",
        "ATTENDED",
        "PARTICIPATES_IN",
        "HOSTED",
        "SIGNED",
    )
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: share of each kind among the organisations (the table format's kind names)
KIND_SHARES = {
    "企业": 0.70,
    "中职": 0.08,
    "高校": 0.05,
    "政府": 0.07,
    "园区": 0.04,
    "行业组织": 0.03,
    "联盟": 0.03,
}
SUFFIXES = {
    "企业": ("科技有限公司", "股份有限公司", "制造有限公司", "集团"),
    "中职": ("中等职业学校", "技师学院", "职业高级中学"),
    "高校": ("职业技术学院", "职业学院", "大学"),
    "政府": ("教育局", "人力资源和社会保障局", "经济和信息化局", "管委会"),
    "园区": ("产业园", "高新区", "经济技术开发区"),
    "行业组织": ("行业协会", "促进会"),
    "联盟": ("产教融合共同体", "市域产教联合体", "职教集团", "产教联盟"),
}
STEMS = _words("华信 东方 启明 恒通 新越 宏达 博远 天工 海川 瑞丰")
INDUSTRIES = _words(
    "高端装备 集成电路 生命健康 电子商务 智能建造 新材料 现代纺织 数字经济 新能源汽车 人工智能 "
    "生物医药 现代物流 绿色化工 航空航天 智能制造 文化旅游 现代农业 金融服务 节能环保 黄酒"
)
#: project kind -> weight; every rung of queries/ladder.yaml is represented
PROJECT_KINDS = {
    "协议": 15,
    "订单班": 15,
    "实习基地": 12,
    "学徒制": 8,
    "共育项目": 15,
    "共建专业": 8,
    "产业学院": 8,
    "实训基地": 8,
    "现场工程师学院": 3,
    "创新工作站": 5,
    "技能大师工作室": 2,
    "混合所有制": 1,
}
TITLES = {
    "企业": ("总经理", "副总经理", "人力资源总监", "技术总监"),
    "中职": ("校长", "副校长", "党委书记", "教务处处长"),
    "高校": ("校长", "副院长", "党委书记", "产教融合处处长"),
    "政府": ("局长", "副局长", "处长"),
    "园区": ("主任", "副主任"),
    "行业组织": ("会长", "秘书长"),
    "联盟": ("理事长", "秘书长"),
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力宁兰斌峰欣晨悦浩然"
YEARS = tuple(range(2015, 2025))
SCHOOL_KINDS = ("中职", "高校")
SHEET_COLUMNS = {
    "sources": ("key", "title", "url", "publisher", "date", "kind", "path"),
    "regions": ("name", "level", "parent", "source"),
    "organizations": ("name", "kind", "aliases", "region", "code", "industries", "source"),
    "people": ("name", "organization", "title", "since", "until", "source"),
    "projects": ("name", "kind", "industries", "since", "source"),
    "events": ("name", "kind", "date", "place", "source"),
    "relationships": (
        "from",
        "type",
        "to",
        "role",
        "since",
        "until",
        "status",
        "agreement",
        "date",
        "title",
        "source",
    ),
}


@dataclass
class SynthReport:
    """How many rows of each sheet were written, and where."""

    folder: Path
    rows: dict[str, int] = field(default_factory=dict)


class _Pool:
    """Organisations of some kinds, drawn with heavy-tailed activity weights."""

    def __init__(self, names: Sequence[str], weights: Sequence[float]) -> None:
        self.names = list(names)
        self.cum = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        return self.names[bisect(self.cum, rng.random() * self.cum[-1])]

    def __bool__(self) -> bool:
        return bool(self.names)


class _Writer:
    def __init__(self, folder: Path) -> None:
        self.rows: dict[str, list[tuple[object, ...]]] = {k: [] for k in SHEET_COLUMNS}

    def add(self, sheet: str, *values: object) -> None:
        """A row: ``values`` in column order, the trailing ones left empty, then the source."""
        missing = len(SHEET_COLUMNS[sheet]) - 1 - len(values)
        self.rows[sheet].append((*values, *("",) * missing, SOURCE_KEY))


def _date(rng: random.Random, year: int | None = None) -> str:
    y = year or rng.choice(YEARS)
    return f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _person(i: int) -> str:
    s, g = len(SURNAMES), len(GIVEN)
    name = SURNAMES[i % s] + GIVEN[(i // s) % g] + GIVEN[(i // (s * g)) % g]
    return name if i < s * g * g else f"{name}{i // (s * g * g)}"


def _regions(rng: random.Random, w: _Writer, orgs: int) -> tuple[list[str], list[str]]:
    provinces = max(1, min(31, orgs // 3_000 + 1))
    cities, districts = [], []
    for p in range(1, provinces + 1):
        prov = f"合成{p:02d}省"
        w.add("regions", prov, "province", "")
        for c in range(1, rng.randint(3, 8) + 1):
            city = f"合成{p:02d}省{c:02d}市"
            cities.append(city)
            w.add("regions", city, "city", prov)
            for d in range(1, rng.randint(2, 5) + 1):
                district = f"{city}{d:02d}区"
                districts.append(district)
                w.add("regions", district, "district", city)
    return cities, districts


def write_synthetic(folder: Path, orgs: int, seed: int = 0) -> SynthReport:
    """Write a synthetic dataset of about ``orgs`` organisations into ``folder``.

    >>> import tempfile
    >>> report = write_synthetic(Path(tempfile.mkdtemp()), 200, seed=1)
    >>> report.rows["organizations"], report.rows["sources"]
    (200, 1)
    """
    if orgs < 20:
        raise ValueError("give at least 20 organisations (--orgs 20)")
    rng = random.Random(seed)
    w = _Writer(folder)
    w.rows["sources"].append(
        (
            SOURCE_KEY,
            f"合成数据（非真实）：iekg synth --orgs {orgs} --seed {seed}",
            "",
            "iekg synth",
            "",
            "table",
            "",
        )
    )
    cities, districts = _regions(rng, w, orgs)
    by_kind: dict[str, list[str]] = {k: [] for k in KIND_SHARES}
    region_of: dict[str, str] = {}
    industries_of: dict[str, list[str]] = {}
    industry_weights = [1 / (i + 1) for i in range(len(INDUSTRIES))]
    counts = {k: max(1, round(orgs * share)) for k, share in KIND_SHARES.items()}
    counts["企业"] += orgs - sum(counts.values())
    number = 0
    for kind, count in counts.items():
        for _ in range(count):
            number += 1
            suffix = rng.choice(SUFFIXES[kind])
            name = f"合成{rng.choice(STEMS)}{number:06d}{suffix}"
            city_level = kind in ("高校", "政府", "联盟")
            region = rng.choice(cities if city_level else districts)
            inds: list[str] = []
            if kind in ("企业", "园区", "行业组织"):
                k = 1 if kind == "企业" and rng.random() < 0.8 else 2
                inds = sorted(set(rng.choices(INDUSTRIES, weights=industry_weights, k=k)))
            by_kind[kind].append(name)
            region_of[name], industries_of[name] = region, inds
            w.add("organizations", name, kind, "", region, "", ";".join(inds))
    weight = {n: rng.paretovariate(1.3) for names in by_kind.values() for n in names}

    def pool(kinds: Iterable[str]) -> _Pool:
        names = [n for k in kinds for n in by_kind[k]]
        return _Pool(names, [weight[n] for n in names])

    firms, schools = pool(["企业"]), pool(SCHOOL_KINDS)
    anyone = pool([k for k in KIND_SHARES if k != "联盟"])
    _alliances(rng, w, by_kind, region_of, firms, schools, anyone)
    _projects(rng, w, orgs, firms, schools, anyone, industries_of)
    _agreements(rng, w, orgs, firms, schools)
    _people(rng, w, orgs, by_kind, anyone)
    return _flush(folder, w)


def _alliances(
    rng: random.Random,
    w: _Writer,
    by_kind: dict[str, list[str]],
    region_of: dict[str, str],
    firms: _Pool,
    schools: _Pool,
    anyone: _Pool,
) -> None:
    agencies = by_kind["政府"]
    for alliance in by_kind["联盟"]:
        size = min(80, 4 + int(rng.paretovariate(1.2) * 3))
        members = {schools.draw(rng)}
        while len(members) < size:
            members.add(rng.choice((firms, firms, schools, anyone)).draw(rng))
        founded = _date(rng)
        lead = sorted(m for m in members if m in schools.names)[0]
        event = f"{alliance}成立大会"
        w.add("events", event, "成立大会", founded, region_of[alliance])
        w.add("relationships", event, _ESTABLISHED, alliance, "", founded, "", "", "", "")
        if agencies:
            w.add("relationships", rng.choice(agencies), _GUIDES, event, "", "", "", "", "", "")
        for m in sorted(members):
            role = "牵头单位" if m == lead else "成员单位"
            w.add("relationships", m, _MEMBER_OF, alliance, role, founded, "", "current", "", "")
            if rng.random() < 0.5:
                w.add("relationships", m, _ATTENDED, event, "", "", "", "", "", "")


def _projects(
    rng: random.Random,
    w: _Writer,
    orgs: int,
    firms: _Pool,
    schools: _Pool,
    anyone: _Pool,
    industries_of: dict[str, list[str]],
) -> None:
    kinds, kind_weights = list(PROJECT_KINDS), list(PROJECT_KINDS.values())
    for i in range(1, int(orgs * 0.8) + 1):
        kind = rng.choices(kinds, weights=kind_weights)[0]
        name = f"合成{i:06d}号{kind}"
        firm, school = firms.draw(rng), schools.draw(rng)
        members = {firm, school}
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            members.add(anyone.draw(rng))
        since = _date(rng)
        industry = (industries_of.get(firm) or [""])[0]
        w.add("projects", name, kind, industry, since)
        ended = rng.random() < 0.1
        until = _date(rng, min(YEARS[-1], int(since[:4]) + rng.randint(1, 4))) if ended else ""
        until = max(until, since) if until else ""  # started in the last year: ends that year
        for m in sorted(members):
            w.add(
                "relationships",
                m,
                _PARTICIPATES_IN,
                name,
                "共建单位",
                since,
                until,
                "ended" if ended else "current",
                "",
                "",
            )
        if rng.random() < 0.2:
            event = f"{name}签约仪式"
            w.add("events", event, "签约仪式", since, "")
            w.add("relationships", event, _ESTABLISHED, name, "", since, "", "", "", "")
            w.add("relationships", school, _HOSTED, event, "", "", "", "", "", "")
            w.add("relationships", firm, _ATTENDED, event, "", "", "", "", "", "")


def _agreements(rng: random.Random, w: _Writer, orgs: int, firms: _Pool, schools: _Pool) -> None:
    seen: set[tuple[str, str]] = set()
    for _ in range(int(orgs * 0.3)):
        pair = (firms.draw(rng), schools.draw(rng))
        if pair in seen:
            continue
        seen.add(pair)
        when = _date(rng)
        text = rng.choice(
            ("校企合作协议", "战略合作框架协议", "订单班合作协议", "共建产业学院协议")
        )
        w.add("relationships", pair[0], _SIGNED, pair[1], "", when, "", "current", text, when)


def _people(
    rng: random.Random, w: _Writer, orgs: int, by_kind: dict[str, list[str]], anyone: _Pool
) -> None:
    kind_of = {n: k for k, names in by_kind.items() for n in names}
    for i in range(int(orgs * 0.6)):
        person = _person(i)
        posts = {anyone.draw(rng)}
        if rng.random() < 0.1:
            posts.add(anyone.draw(rng))
        first, *others = sorted(posts)
        w.add("people", person, first, rng.choice(TITLES[kind_of[first]]), _date(rng), "")
        # A second post is a relationship of the same person: a second people
        # row would state a namesake at another organisation (two people).
        for org in others:
            title = rng.choice(TITLES[kind_of[org]])
            w.add("relationships", person, _WORKS_AT, org, "", _date(rng), *[""] * 4, title)


def _flush(folder: Path, w: _Writer) -> SynthReport:
    folder.mkdir(parents=True, exist_ok=True)
    report = SynthReport(folder)
    for sheet, columns in SHEET_COLUMNS.items():
        rows = w.rows[sheet]
        with (folder / f"{sheet}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)
        report.rows[sheet] = len(rows)
    return report
