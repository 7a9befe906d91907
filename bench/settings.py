"""Production settings plus the benchmark's ceiling view (``/bench/trivial/``); bench only."""

from zentralasien.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
