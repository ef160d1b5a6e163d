"""Stand-ins for the backend modules the vendored route imports (see ../README.md)."""
