"""The main window's views beside the grids: the Issues list (``issues``), the analysts' notes
(``notes``) and the comparison of two issues (``diff``). Each is imported from its module, when
first shown."""
