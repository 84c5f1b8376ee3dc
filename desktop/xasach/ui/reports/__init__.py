"""The Reports/Print screen (báo cáo, in ấn): choose a form, its parameters, preview, print."""
