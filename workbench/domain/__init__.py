"""Domain rules shared by the store, the importers, the app and the report."""
