"""Sub-commands of the ``nianbao`` CLI."""
