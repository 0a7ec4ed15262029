"""Catalog pages' parts: facet sidebars, the dataset viewer, their messages."""
