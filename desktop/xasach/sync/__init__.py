"""Sync files, byte for byte: key cards, bundles and receipts (SECURITY.md, "Bundles").

No SQL and no Qt here: this layer turns keys and records into signed, encrypted files and
back, refusing anything malformed before the services touch the database.
"""
