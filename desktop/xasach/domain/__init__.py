"""Pure domain rules: no Qt, no SQL. Everything an officer is held to is decided here."""
