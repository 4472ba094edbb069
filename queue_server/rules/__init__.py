"""Queue rules as plain functions: no Flask, no SQLAlchemy, so they can be read and tested alone."""
