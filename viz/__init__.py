"""Presentation only: offline HTML maps and charts. Heavy libraries load lazily."""

from viz.html_map import MapView, render_map, write_map
from viz.views import connections_view

__all__ = ["MapView", "connections_view", "render_map", "write_map"]
