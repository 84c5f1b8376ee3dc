"""The upper level's hub (trung tâm tổng hợp): the communes' overview, their registers side by
side, and the review of files two communes keep for one person. Read-only: every page shows
what the communes sent; only a commune changes its own files."""

from xasach.ui.hub.communes_page import CommunesPage
from xasach.ui.hub.duplicates_page import DuplicatesPage
from xasach.ui.hub.lists_page import HubHotspotsPage, HubPeoplePage, HubPropagandaPage

__all__ = [
    "CommunesPage",
    "DuplicatesPage",
    "HubHotspotsPage",
    "HubPeoplePage",
    "HubPropagandaPage",
]
