"""What every service group builds on: the typed result base and the national office's reference-change audit.

It imports no other group, so every group may import it without a cycle.
"""
