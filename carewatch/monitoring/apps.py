from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "carewatch.monitoring"
    label = "monitoring"
    verbose_name = "Local quality monitoring"

    def ready(self) -> None:
        # Local QA ratings, safeguarding findings and overdue action plans feed the ladder of intervention.
        try:
            from carewatch.cases import triggers
        except ImportError:  # pragma: no cover - the cases app provides the hook
            return
        from carewatch.monitoring import evidence

        triggers.register_source(evidence.SOURCE)
