"""Sarap: information-analytical system for countering terrorism in Kazakhstan."""

__version__ = "0.1.0"
