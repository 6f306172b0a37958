"""The app's side of the desk server: connecting, syncing in the background, the status bar,
conflicts and draft leases.

Nothing here talks to the network in the UI thread: every sync, join, lease and the LISTEN loop
run on worker threads, each with its own Store on the same file. With no desk configured nothing
of this shows and psycopg is never imported.
"""
