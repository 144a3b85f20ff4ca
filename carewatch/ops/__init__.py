"""Running carewatch in production: health checks, request ids and JSON logs, Sentry, the Redis
cache with its fallback, the task worker and schedule, backups (docs/deployment.md)."""
