"""Helpers shared by the test modules: workspaces and cycles to start from, and the in-process CLI runner."""
