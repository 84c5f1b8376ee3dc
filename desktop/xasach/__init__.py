"""XaSach ("xã sạch", a clean commune): offline registers for commune drug-control work."""

__version__ = "0.1.0"
APP_NAME = "XaSach"
