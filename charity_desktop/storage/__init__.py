"""SQLAlchemy 2.0 storage: engine, models, repositories, unit of work, migrations."""
