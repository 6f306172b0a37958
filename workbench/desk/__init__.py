"""The desk: a shared PostgreSQL server that workstations' local stores synchronise with.

Nothing here is imported on the local paths: psycopg is loaded only when a desk command runs.
"""
