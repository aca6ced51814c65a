"""The Home Assistant side: loading the home, resolving spoken names, calling services."""
