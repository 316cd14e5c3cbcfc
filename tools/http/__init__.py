"""Admin-defined HTTP tools: template rendering, writes, and the registry source."""
