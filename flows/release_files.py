"""The files that describe a release, written while it is being assembled.

:func:`write_release_files` is meant for the ``write_extras`` hook of
:func:`flows.release.publish`: everything it writes lands in the staging
folder, is listed with its SHA-256 in the manifest, and appears in the
release only when the whole release does.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from flows.changelog import write_changelog, write_history
from flows.datapackage import DATAPACKAGE_NAME, datapackage
from flows.dictionary import check_described, dictionary_markdown
from flows.exports import EXPORTS_DIR, export_tables
from flows.release import DATABASE_NAME
from flows.serve import write_inspect

logger = logging.getLogger(__name__)

DICTIONARY_NAME = "data-dictionary.md"


def write_release_files(folder: Path, version: str, manifest: dict,
                        previous: Path | None = None) -> None:
    """Write the exports, metadata, changelog and Datasette files of a release.

    Writes ``exports/<table>.csv`` and ``exports/<table>.parquet`` for every
    data table, ``datapackage.json``, ``data-dictionary.md``,
    ``CHANGELOG.md``, ``history.db`` and ``inspect-data.json``.

    Args:
        folder: the staging folder that holds the release's ``csm-radar.db``.
        version: the release id.
        manifest: the run's manifest (code version, model, parameters, input
            archive); read, never changed.
        previous: the release before this one, for the changelog and the theme
            history; None for the first release.

    Raises:
        ReleaseError: Datasette could not inspect the databases.
    """
    db_path = folder / DATABASE_NAME
    missing = check_described(db_path)
    if missing:
        logger.warning("columns without a description in flows/dictionary.py: %s",
                       ", ".join(missing))
    exports = export_tables(db_path, folder / EXPORTS_DIR)
    descriptor = datapackage(folder, version, manifest, exports)
    (folder / DATAPACKAGE_NAME).write_text(
        json.dumps(descriptor, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8")
    (folder / DICTIONARY_NAME).write_text(dictionary_markdown(db_path, version),
                                          encoding="utf-8")
    write_changelog(folder, version, previous)
    write_history(folder, version, previous)
    write_inspect(folder)
    logger.info("release %s: %d tables exported, data package, dictionary, "
                "changelog and inspect file written", version, len(exports))
