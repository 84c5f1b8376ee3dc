"""The Overview's law panels: what is due, plan targets, the commune's class."""

from xasach.ui.overview.classification_panel import ClassificationPanel
from xasach.ui.overview.due_panel import DuePanel
from xasach.ui.overview.targets_panel import TargetsPanel

__all__ = ["ClassificationPanel", "DuePanel", "TargetsPanel"]
