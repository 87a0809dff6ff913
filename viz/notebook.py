"""Maps inline in a notebook: the same page, in an iframe, nothing fetched.

The page goes into the iframe's ``srcdoc`` attribute, escaped, so the map
keeps its own Content-Security-Policy and script scope and cannot reach or be
reached by the notebook around it; a name in the data cannot close the
attribute and write into the notebook.
"""

from __future__ import annotations

import html
from typing import Any

from graph.knowledge_graph import KnowledgeGraph
from viz.html_map import MapView, render_map

__all__ = ["iframe", "show"]


def iframe(view: MapView, height: int = 640) -> str:
    """The map as an ``<iframe srcdoc=…>`` element (the page escaped as an attribute).

    >>> from viz.catalogue import build_view
    >>> tag = iframe(build_view(shaoxing, "alliance", name="绍兴数字工匠“中高政园企”共育联盟"))
    >>> tag.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;') and "<script" not in tag
    True
    """
    page = html.escape(render_map(view), quote=True)
    title = html.escape(view.title, quote=True)
    return (
        f'<iframe srcdoc="{page}" title="{title}" sandbox="allow-scripts allow-downloads" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe>'
    )


def show(
    kg_or_view: KnowledgeGraph | MapView,
    view: str = "connections",
    height: int = 640,
    **params: Any,
) -> Any:
    """Display a map inline in Jupyter; returns ``IPython.display.HTML``.

    Give a graph and a view name with its parameters, as on the command line
    (``show(kg, "ego", name="绍兴中专", depth=2)``), or a ready
    :class:`MapView`.
    """
    from IPython.display import HTML

    if isinstance(kg_or_view, MapView):
        built = kg_or_view
    else:
        from viz.catalogue import build_view

        built = build_view(kg_or_view, view, **params)
    # In a <div>: IPython warns about bare iframes, pointing to IFrame, which
    # takes an address; a map has none, it travels inside srcdoc.
    return HTML(f'<div class="iekg-map">{iframe(built, height)}</div>')
