"""carewatch's SQLite database backend: Django's, which also turns WAL on unless the file is read-only."""
