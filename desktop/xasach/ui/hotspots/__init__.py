"""The Hotspots register's screens (tụ điểm phức tạp về ma túy): the list page and the dialog."""

from xasach.ui.hotspots.hotspot_dialog import HotspotDialog
from xasach.ui.hotspots.list_page import HotspotsPage

__all__ = ["HotspotDialog", "HotspotsPage"]
