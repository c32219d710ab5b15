"""Alembic's entry point: the migrations run on the connection game/storage/migrate.py opened, inside the
one transaction it began (so an upgrade is stored whole, or not at all)."""
from alembic import context

context.configure(connection=context.config.attributes["connection"], transactional_ddl=True,
                  transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
