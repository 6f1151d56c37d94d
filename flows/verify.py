"""Checking a release against the checksums in its manifest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flows.release import MANIFEST_NAME, read_manifest, release_files, sha256_file


@dataclass
class Verification:
    """The outcome of checking one release."""

    release: Path
    checked: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        """True when every file is present and unchanged."""
        return not self.problems


def verify_release(release: Path) -> Verification:
    """Compare every file of a release with the SHA-256 in its manifest.

    A file missing, changed, or present but not listed is a problem; files
    in subfolders (the exports) are named by their path in the release.
    """
    manifest = read_manifest(release)
    expected: dict[str, str] = manifest.get("files", {})
    problems = []
    for name, digest in sorted(expected.items()):
        path = release / name
        if not path.exists():
            problems.append(f"{name}: missing")
        elif sha256_file(path) != digest:
            problems.append(f"{name}: SHA-256 differs from the manifest")
    listed = set(expected) | {MANIFEST_NAME}
    for name in release_files(release):
        if name not in listed:
            problems.append(f"{name}: not listed in the manifest")
    return Verification(release, len(expected), problems)
