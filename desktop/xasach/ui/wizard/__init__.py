"""The first-run wizard: creates the encrypted data file and shows the recovery sheet."""

from xasach.ui.wizard.creation import Created, SetupRequest, create_installation
from xasach.ui.wizard.wizard import FirstRunWizard

__all__ = ["Created", "FirstRunWizard", "SetupRequest", "create_installation"]
