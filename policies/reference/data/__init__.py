"""Reference data shipped with the policies: divisions.csv and the facts and converter behind it."""
