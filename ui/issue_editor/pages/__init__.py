"""The editor's tabs. Each page owns its widgets and binds them to the core's ``Issue``.

A page has ``changed`` (a field was edited), ``load(issue)`` (show it, no change recorded),
``apply(issue)`` (write its fields into the issue), ``set_read_only(bool)``, ``HEADS`` (the
preflight fields it shows) and ``focus_field(head, index, rest)`` (go to one of them).
"""
