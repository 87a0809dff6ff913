"""Presentation only: offline HTML maps and charts. Heavy libraries load lazily."""

from viz.catalogue import VIEWS, build_view
from viz.html_map import MapTooLarge, MapView, render_map, write_map
from viz.notebook import show
from viz.views import connections_view, subgraph_view

__all__ = [
    "VIEWS",
    "MapTooLarge",
    "MapView",
    "build_view",
    "connections_view",
    "render_map",
    "show",
    "subgraph_view",
    "write_map",
]
