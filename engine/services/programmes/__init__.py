"""Programmes and their cycles: the bundled definitions, opening an edition, a cycle's progress."""
