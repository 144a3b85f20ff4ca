"""Run every benchmark on SQLite, and on PostgreSQL when BENCH_DATABASE_URL points at one."""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for script in ("bench_import.py", "bench_web.py", "bench_insights.py", "bench_vacancies.py"):
    subprocess.run([sys.executable, str(HERE / script)], check=True)
    if os.environ.get("BENCH_DATABASE_URL"):
        subprocess.run(
            [sys.executable, str(HERE / script), "--database-url", os.environ["BENCH_DATABASE_URL"]],
            check=True,
        )
subprocess.run([sys.executable, str(HERE / "bench_themes.py")], check=True)
subprocess.run([sys.executable, str(HERE / "bench_first_page.py"), "--twice"], check=True)
