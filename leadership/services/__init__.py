"""Writes for leadership: organisations (ODS loading) and, later, people and timelines."""
