"""Prefect settings that let a flow run on a machine with no server or network.

Imported before Prefect itself: the ephemeral server needs longer than its
default to start on a cold two-core machine, and telemetry would try the
network.
"""

import os

DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_TO_API_BATCH_INTERVAL": "0.5",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
}

for name, value in DEFAULTS.items():
    os.environ.setdefault(name, value)
