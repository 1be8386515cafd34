"""The background jobs page (DAT-4): what the job queue did, and queuing a failed job again."""
