"""Crowdsourced annotation: projects, assignment, quality control and truth inference."""
