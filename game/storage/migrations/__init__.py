"""Alembic migrations of the Poise database: env.py runs them on the connection store.py hands it."""
