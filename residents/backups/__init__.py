"""Backups (ACC-6): encrypted archives of the database and the uploaded files."""
