"""Benchmarks, each run as a script (python bench/NAME.py); a package so mypy tells bench/portal.py from portal/."""
