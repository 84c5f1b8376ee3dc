"""Excel/CSV import wizard and the export button of the list pages."""
