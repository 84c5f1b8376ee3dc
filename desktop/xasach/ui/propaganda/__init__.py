"""The Propaganda register's screens (hoạt động tuyên truyền): the page with the activity list
and the coverage grid, and the activity dialog."""

from xasach.ui.propaganda.activity_dialog import ActivityDialog
from xasach.ui.propaganda.coverage_grid import CoverageGrid
from xasach.ui.propaganda.list_page import PropagandaPage

__all__ = ["ActivityDialog", "CoverageGrid", "PropagandaPage"]
