"""Objections (异议) to public notices, and what the public may see and do without logging in."""
