"""One module per command area; each command is a thin call into the library."""
