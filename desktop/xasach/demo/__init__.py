"""Demo data (dữ liệu mẫu) for training and trying XaSach out: `xasach demo`."""

from xasach.demo.generator import DemoSummary, generate_demo

__all__ = ["DemoSummary", "generate_demo"]
