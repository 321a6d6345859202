"""Fixtures for tests that need a real Celery worker and Redis (marked celery_worker)."""
