"""Evaluation against the indicators: indicator sets, acceptance standards, reviewers' scores, totals and ranks."""
