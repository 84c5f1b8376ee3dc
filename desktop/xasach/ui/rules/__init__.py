"""Rules and targets in Settings: the rule set in force, editing at the upper level, updates."""
