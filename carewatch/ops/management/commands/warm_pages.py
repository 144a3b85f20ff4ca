"""``carewatch warm-pages [--site-url URL]``: put the public pages people open most into the page cache.

The home page, England's and each region's market dashboards, the commissioner league and each
council's first page of services, requested through Django as an anonymous visitor of the site
(``carewatch.ops.page_warming``). ``carewatch import-cqc`` and ``carewatch insights-refresh`` run it
when they finish; run it by hand after a deployment. Bounded (186 pages for England) and idempotent.
"""

from django.core.management.base import BaseCommand

from carewatch.ops import page_warming


class Command(BaseCommand):
    help = "Request the most-visited public pages so that the page cache holds them (after an import)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=None,
            help="The address visitors use, as in CAREWATCH_SITE_URL (default): its scheme and host name"
            " are those of the pages kept.",
        )

    def handle(self, *args, **options):
        if not page_warming.enabled():
            self.stdout.write(
                "Pages not warmed: the page cache is off (no shared cache, or its seconds are 0)"
            )
            return
        warmed = page_warming.warm_pages(site_url=options["site_url"])
        self.stdout.write(
            f"Pages warmed: {warmed.kept} kept now, {warmed.already} kept already,"
            f" {len(warmed.not_kept)} not kept, in {warmed.seconds:.1f} s"
        )
        for line in warmed.not_kept[:20]:
            self.stdout.write(f"  {line}")
