"""Old import path of ``ui.services.workers`` (the core's long functions on worker threads)."""

from ui.services.workers import StoreTask, TaskSignals, run_store_task  # noqa: F401
