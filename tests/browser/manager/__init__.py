"""Journeys of a QA manager (with the officers they work with)."""
