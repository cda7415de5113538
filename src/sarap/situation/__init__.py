"""Situation reports: one region and period, for an anti-terrorism commission."""
