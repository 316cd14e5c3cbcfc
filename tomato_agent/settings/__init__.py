"""Settings modules: ``base`` (development, `make run`), ``production`` and ``test``."""
