"""Bundled data files (no code): installed as the package ``workbench._resources``.

Found at run time only through ``workbench.paths.resources_dir()``.
"""
