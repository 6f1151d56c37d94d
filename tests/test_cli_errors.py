"""Bad input gets one clear line that names it, a non-zero exit, no traceback."""

import gzip
import json

import pytest
from click.testing import CliRunner

from flows.cli import main
from flows.config import DEFAULT_ARCHIVE


def invoke(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: "), result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    return result.output


@pytest.fixture()
def files(tmp_path):
    truncated = tmp_path / "cut.warc.gz"
    truncated.write_bytes(DEFAULT_ARCHIVE.read_bytes()[:100_000])
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(gzip.compress(b""))
    (tmp_path / "bad.toml").write_text("x = [")
    (tmp_path / "unknown.toml").write_text('[[board]]\nsource = "nosuchats"\nboard = "a"\n')
    (tmp_path / "none.toml").write_text("")
    (tmp_path / "typed.jsonl").write_text(json.dumps(
        {"posting_id": 5, "title": ["x"], "text": 42}) + "\n")
    (tmp_path / "binary.jsonl").write_bytes(bytes(range(128, 256)) * 10)
    (tmp_path / "broken.jsonl").write_text(
        '{"posting_id": "a", "title": "CSM", "text": "Own renewals."}\n{not json\n')
    return tmp_path


@pytest.mark.parametrize("args,expected", [
    (["--archive", "{d}/cut.warc.gz"], "cut.warc.gz is not a readable WARC"),
    (["--archive", "{d}/empty.warc.gz"], "holds no responses"),
    (["--archive", "README.md"], "README.md is not a readable WARC"),
    (["--archive", "{d}/missing.warc.gz"], "No such file"),
    (["--sources", "{d}/bad.toml"], "bad.toml is not valid TOML"),
    (["--sources", "{d}/unknown.toml"], "unknown source 'nosuchats'"),
    (["--sources", "{d}/none.toml"], "none.toml lists no boards"),
    (["--set", "BROKEN"], "expected NAME=VALUE"),
])
def test_run_refuses_bad_inputs_before_starting(files, args, expected):
    args = [a.replace("{d}", str(files)) for a in args]
    output = invoke("run", *args, "--output", str(files / "data"))
    assert expected in output
    assert not (files / "data" / "releases").exists()


@pytest.mark.parametrize("name,expected", [
    ("typed.jsonl", "typed.jsonl:1: title, text must be text"),
    ("binary.jsonl", "binary.jsonl is not UTF-8 text"),
    ("broken.jsonl", "broken.jsonl:2: not valid JSON"),
    ("missing.jsonl", "missing.jsonl"),
])
def test_label_names_the_bad_file_and_line_and_writes_nothing(files, name, expected):
    out = files / "labels.jsonl"
    assert expected in invoke("label", str(files / name), "-o", str(out))
    assert not out.exists() or out.read_text() == ""


def test_sources_commands_name_the_file(files):
    assert "bad.toml is not valid TOML" in invoke(
        "sources", "list", "--file", str(files / "bad.toml"))
    assert "No such file" in invoke(
        "sources", "add", "https://jobs.lever.co/acme", "--file",
        str(files / "nowhere" / "s.toml"))
    assert "not a job board" in invoke(
        "sources", "add", "notaurl", "--file", str(files / "none.toml"))


def test_release_commands_name_the_missing_release(files):
    data = str(files / "data")
    assert "no release" in invoke("verify", "2026-01-01.nothere", "--output", data)
    assert "no release" in invoke("serve", "2026-01-01.nothere", "--output", data)
