"""The editor's side tabs: this week's notes, the preflight findings and the live preview."""
