"""Assisted annotation: attribution proposals."""
