"""The sync screens (đồng bộ): the commune's Sync page, the upper level's Import page, and the
key cards with the fingerprint read over the phone, shared by both."""
