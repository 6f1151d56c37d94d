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
    (["--set", "DOWNLOAD_DELAY=soon"], "DOWNLOAD_DELAY takes a number, like its default"),
    (["--set", "DOWNLOAD_DELAI=2"], "DOWNLOAD_DELAI is not a Scrapy setting"),
    (["--set", "ROBOTSTXT_OBEY=1"], "ROBOTSTXT_OBEY takes true or false"),
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
    ("missing.jsonl", "missing.jsonl: no such file"),
    ("none.toml", "none.toml holds no postings"),
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


def test_label_refuses_to_write_over_its_input(files):
    broken = files / "broken.jsonl"
    before = broken.read_text()
    assert "is the input file" in invoke("label", str(broken), "-o", str(broken))
    assert broken.read_text() == before


def test_label_names_a_missing_output_folder(files):
    assert "folder" in invoke("label", str(files / "broken.jsonl"), "-o",
                              str(files / "nowhere" / "labels.jsonl"))
    assert not (files / "nowhere").exists()


def test_label_keeps_an_earlier_output_when_the_input_fails(files):
    good = files / "good.jsonl"
    good.write_text(json.dumps({"posting_id": "a", "title": "Customer Success Manager",
                                "text": "Own renewals for 40 accounts."}) + "\n")
    out = files / "labels.jsonl"
    CliRunner().invoke(main, ["label", str(good), "-o", str(out)], catch_exceptions=False)
    labelled = out.read_text()
    assert json.loads(labelled)["posting_id"] == "a"
    invoke("label", str(files / "broken.jsonl"), "-o", str(out))
    assert out.read_text() == labelled
    assert not list(files.glob("*.part"))


@pytest.mark.parametrize("args,option", [
    (["run", "--batch-size", "0"], "--batch-size"),
    (["serve", "--port", "70000"], "--port"),
])
def test_out_of_range_numbers_are_refused_by_name(args, option):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.output


def test_a_bad_cron_expression_says_what_a_good_one_is():
    from flows.schedule import ScheduleError, check_cron

    check_cron("0 6 * * 1")
    with pytest.raises(ScheduleError, match="'61 \\* \\* \\* \\*' is not a cron expression"):
        check_cron("61 * * * *")
