"""The map views by name, with the filters they share with the questions.

:func:`build_view` is the one entry point for the command line and for
notebooks: it narrows the graph (or hands the filters to the question when
the question takes them), selects what the view shows, refuses a view too
big to read, and writes into the view how to ask for it again.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from typing import Any

from graph.errors import QueryError
from graph.knowledge_graph import KnowledgeGraph
from graph.schema import SCHEMA
from queries import ask, find_question
from viz.filters import kinds_matching, resolve_name, restrict
from viz.html_map import MapView, check_size
from viz.subgraphs import alliance_nodes, industry_nodes, overview_nodes
from viz.views import connections_view, subgraph_view

__all__ = ["FILTERS", "VIEWS", "build_view"]

#: Filters every view accepts, as the questions name them.
FILTERS = ("region", "industry", "kind", "as_of")
#: View name -> (its own parameters in order, what it shows in one line).
VIEWS: dict[str, tuple[tuple[str, ...], str]] = {
    "connections": (("school", "enterprise"), "企业—学校联系 Enterprise–school connections"),
    "ego": (("name", "depth"), "周边 Around one name"),
    "alliance": (("name",), "联盟构成 Alliance composition"),
    "path": (("a", "b"), "关系链 Chains of relationships between two names"),
    "industry": (("name",), "产业覆盖 Industry coverage"),
    "overview": ((), "全图 Whole graph"),
}
#: Characters a shell would act on; other words (Chinese names too) go unquoted.
_UNSAFE = re.compile(r"[\s'\"\\$`!*?&;|<>(){}\[\]#~]|^$")
_NARROW = (
    "--region (e.g. 绍兴市), --industry (e.g. 集成电路), --kind (e.g. 企业,中职,高校) "
    "or --as-of (e.g. 2023); or ask the question as a table with iekg query"
)


def build_view(kg: KnowledgeGraph, view: str = "connections", **params: Any) -> MapView:
    """The view called ``view`` of ``kg``, narrowed by the shared filters.

    >>> view = build_view(shaoxing, "ego", name="绍兴中专", depth=1)
    >>> view.title, view.query
    ('周边 Around one name: 绍兴中专 (1 步 hops)', 'iekg viz ego 绍兴中专 --depth 1')
    """
    name = view
    if name not in VIEWS:
        raise QueryError(f"{name!r} is not a map view; choose one of: {', '.join(VIEWS)}")
    given = {k: v for k, v in params.items() if v not in (None, "")}
    query = _command(name, given)
    if name == "connections":
        return _connections(kg, given, query)
    filtered = restrict(kg, **{k: given.get(k) for k in FILTERS if k != "kind"})
    nodes, pairs, title, anchors = _SELECT[name](filtered, given)
    if given.get("kind"):  # after selecting, so the named nodes themselves stay
        labels = kinds_matching(given["kind"])
        nodes = {n for n in nodes if n in anchors or filtered.label_of(n) in labels}
    lines = sum(1 for u, v in filtered.graph.edges() if u in nodes and v in nodes)
    check_size(len(nodes), lines, f"{name} view", _NARROW)
    subtitle = _shown(name, given)
    return subgraph_view(
        filtered, nodes, title=title, subtitle=subtitle, query=query, params=given, edge_pairs=pairs
    )


def _connections(kg: KnowledgeGraph, given: dict[str, Any], query: str) -> MapView:
    question = find_question("connections")
    takes = {p.name for p in question.params}
    asked = {k: v for k, v in given.items() if k in takes}
    # Filters the question does not take yet narrow the graph instead; ``kind``
    # is the question's own (a kind of link), never a node kind here.
    narrowed = {k: v for k, v in given.items() if k in FILTERS and k not in takes and k != "kind"}
    filtered = restrict(kg, **narrowed)
    frame = ask("connections", filtered, **asked)
    firms_and_schools = len(set(frame["enterpriseId"]) | set(frame["schoolId"]))
    check_size(firms_and_schools, len(frame), "connections view", _NARROW)
    view = connections_view(filtered, frame, query=query, params=given)
    view.subtitle += f"; {_shown('connections', given)}"
    return view


def _shown(name: str, given: dict[str, Any]) -> str:
    parts = [f"{k}={v}" for k, v in given.items() if k in FILTERS or name == "connections"]
    return "筛选 filters: " + ", ".join(parts) if parts else "未筛选 no filters"


def _command(name: str, given: dict[str, Any]) -> str:
    """The command line that makes this view again."""
    own, _ = VIEWS[name]
    words = ["iekg", "viz", name]
    for key in own:
        if key in given and key not in ("depth", "school", "enterprise"):
            words.append(str(given[key]))
    for key, value in given.items():
        if key not in own or key in ("depth", "school", "enterprise"):
            words += [f"--{key.replace('_', '-')}", str(value)]
    return " ".join(shlex.quote(w) if _UNSAFE.search(w) else w for w in words)


#: (nodes shown, pairs shown or None for all, title, the nodes the view is about)
Selection = tuple[set[str], set[frozenset[str]] | None, str, set[str]]


def _asked(name: str, kg: KnowledgeGraph, p: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """The question's rows, asked with the parameters it shares with the view."""
    return ask(name, kg, **{k: p[k] for k in keys if k in p})


def _rows_selection(frame: Any) -> tuple[set[str], set[frozenset[str]]]:
    nodes = set(frame["fromId"]) | set(frame["toId"])
    return nodes, {frozenset(p) for p in zip(frame["fromId"], frame["toId"], strict=True)}


def _ego(kg: KnowledgeGraph, p: dict[str, Any]) -> Selection:
    """The ``ego`` question's relationships around the centre."""
    depth = int(p.get("depth", 1))
    centre = resolve_name(kg, p["name"])
    frame = _asked("ego", kg, {**p, "name": centre}, ("name", "depth", "hubs", "max_degree"))
    nodes, pairs = _rows_selection(frame)
    nodes.add(centre)
    title = f"{VIEWS['ego'][1]}: {kg.graph.nodes[centre]['name']} ({depth} 步 hops)"
    return nodes, pairs, title, {centre}


def _alliance(kg: KnowledgeGraph, p: dict[str, Any]) -> Selection:
    nodes = alliance_nodes(kg, p["name"])
    found = resolve_name(kg, p["name"], SCHEMA.label("Alliance").name)
    return nodes, None, f"{VIEWS['alliance'][1]}: {kg.graph.nodes[found]['name']}", {found}


def _path(kg: KnowledgeGraph, p: dict[str, Any]) -> Selection:
    """The hops of the ``path`` question's best paths."""
    ends = {resolve_name(kg, p["a"]), resolve_name(kg, p["b"])}
    frame = _asked("path", kg, p, ("a", "b", "k", "n", "hubs", "max_degree"))
    if frame.empty:
        raise QueryError(
            f"no chain of relationships links {p['a']!r} and {p['b']!r} within "
            f"{p.get('k', 'the default number of')} steps; try a larger --k, or --hubs"
        )
    nodes, pairs = _rows_selection(frame)
    a, b = (kg.graph.nodes[resolve_name(kg, p[k])]["name"] for k in ("a", "b"))
    return nodes, pairs, f"{VIEWS['path'][1]}: {a} ↔ {b}", ends


def _industry(kg: KnowledgeGraph, p: dict[str, Any]) -> Selection:
    found = resolve_name(kg, p["name"], SCHEMA.label("Industry").name)
    nodes = industry_nodes(kg, p["name"])
    # The schools the industry-coverage question says cover it, too.
    covering = _asked("industry-coverage", kg, {"finding": "coverage"}, ("finding",))
    nodes |= set(covering.loc[covering["industryId"] == found, "schoolId"])
    return nodes, None, f"{VIEWS['industry'][1]}: {kg.graph.nodes[found]['name']}", {found}


def _overview(kg: KnowledgeGraph, p: dict[str, Any]) -> Selection:
    return overview_nodes(kg), None, VIEWS["overview"][1], set()


_SELECT: dict[str, Callable[[KnowledgeGraph, dict[str, Any]], Selection]] = {
    "ego": _ego,
    "alliance": _alliance,
    "path": _path,
    "industry": _industry,
    "overview": _overview,
}
