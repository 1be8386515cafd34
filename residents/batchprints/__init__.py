"""Batch printing (DAT-3): confirmation slips of many residents into one PDF, by a job."""
