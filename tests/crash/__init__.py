"""Crash tests: real processes killed with SIGKILL at random points (SECURITY.md, threat 5)."""
