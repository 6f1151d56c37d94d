"""Label the gold postings and score them against the gold labels.

Usage::

    python -m analysis.evaluate GOLD_POSTINGS GOLD_LABELS [--out LABELS.jsonl]

The metric reproduces ``score_labels.py`` of the gold kit: role accuracy and
macro-F1 over all postings; per-theme precision, recall, F1 and shares over
the postings the gold places in the customer success family; exact agreement
on book size and minimum years over postings where either side states one.
The labeller is rules written from the codebook with nothing fitted on the
gold, so no cross-validation is needed; a fitted part would have to be
scored here with GroupKFold by board.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

from analysis.codebook import THEME_NAMES
from analysis.document import parse_document
from analysis.labels import label_posting

logger = logging.getLogger(__name__)

ROLES = ("csm", "adjacent", "other")
_EMPTY = {"role_family": "other"}


def load_jsonl(path: str | Path) -> dict[str, dict]:
    """Rows of a JSON-lines file keyed by ``posting_id``."""
    rows = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                rows[str(row["posting_id"])] = row
    return rows


def label_postings(postings: dict[str, dict]) -> dict[str, dict]:
    """Label gold input rows (``title``, ``html``, ``text``) by posting id."""
    labelled = {}
    for posting_id, row in postings.items():
        document = parse_document(row.get("html"), row.get("text"))
        labels = label_posting(row.get("title", ""), document)
        labelled[posting_id] = {"posting_id": posting_id, **labels}
    return labelled


def _truth(row: dict, label: str) -> bool:
    value = row.get(label)
    return bool(value.get("value")) if isinstance(value, dict) else bool(value)


def _accounts(row: dict):
    value = row.get("portfolio_accounts")
    return (value.get("min"), value.get("max")) if value else None


def _years(row: dict):
    value = row.get("years_experience_min")
    return value.get("value") if isinstance(value, dict) else value


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    total = precision + recall
    return precision, recall, (2 * precision * recall / total) if total else 0.0


def score(gold: dict[str, dict], pred: dict[str, dict]) -> dict:
    """Score predicted labels against gold, as the gold kit's scorer does."""
    result: dict = {"postings": len(gold)}
    got = {k: pred.get(k, _EMPTY) for k in gold}
    result["role_accuracy"] = sum(
        gold[k]["role_family"] == got[k].get("role_family") for k in gold
    ) / len(gold)
    role_f1 = []
    for role in ROLES:
        g = [gold[k]["role_family"] == role for k in gold]
        p = [got[k].get("role_family") == role for k in gold]
        role_f1.append(_f1(*_counts(g, p))[2])
    result["role_macro_f1"] = sum(role_f1) / len(role_f1)

    relevant = [k for k in gold if gold[k]["role_family"] in ("csm", "adjacent")]
    result["theme_postings"] = len(relevant)
    labels, totals = {}, []
    for label in THEME_NAMES:
        g = [_truth(gold[k], label) for k in relevant]
        p = [_truth(got[k], label) for k in relevant]
        counts = _counts(g, p)
        totals.append(counts)
        precision, recall, f = _f1(*counts)
        labels[label] = {
            "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(f, 3),
            "gold_share": round(sum(g) / len(g), 3) if g else 0.0,
            "pred_share": round(sum(p) / len(p), 3) if p else 0.0,
        }
    result["labels"] = labels
    result["theme_macro_f1"] = sum(v["f1"] for v in labels.values()) / len(labels)
    result["theme_micro_f1"] = _f1(*(sum(c[i] for c in totals) for i in range(3)))[2]
    result["max_share_error"] = max(
        abs(v["gold_share"] - v["pred_share"]) for v in labels.values()
    )
    for name, get in (("portfolio", _accounts), ("years", _years)):
        stated = [k for k in relevant if get(gold[k]) is not None or get(got[k]) is not None]
        agree = sum(get(gold[k]) == get(got[k]) for k in stated)
        result[f"{name}_accuracy"] = agree / len(stated) if stated else 1.0
        result[f"{name}_stated"] = len(stated)
    return result


def _counts(gold: list[bool], pred: list[bool]) -> tuple[int, int, int]:
    tp = sum(a and b for a, b in zip(gold, pred))
    fp = sum(b and not a for a, b in zip(gold, pred))
    fn = sum(a and not b for a, b in zip(gold, pred))
    return tp, fp, fn


def format_table(result: dict) -> str:
    """The scorer's printed table, line for line."""
    lines = [
        f"postings {result['postings']}, role accuracy {result['role_accuracy']:.3f}, "
        f"role macro-F1 {result['role_macro_f1']:.3f}",
        f"{'label':30} {'P':>6} {'R':>6} {'F1':>6} {'gold%':>6} {'pred%':>6}",
    ]
    for label, v in result["labels"].items():
        lines.append(
            f"{label:30} {v['precision']:6.2f} {v['recall']:6.2f} {v['f1']:6.2f} "
            f"{100 * v['gold_share']:6.1f} {100 * v['pred_share']:6.1f}"
        )
    lines.append(
        f"theme macro-F1 {result['theme_macro_f1']:.3f}, micro-F1 "
        f"{result['theme_micro_f1']:.3f} over {result['theme_postings']} postings, "
        f"largest share error {100 * result['max_share_error']:.1f} points"
    )
    lines.append(
        f"book size exact {result['portfolio_accuracy']:.3f} over "
        f"{result['portfolio_stated']} postings that state one, minimum years exact "
        f"{result['years_accuracy']:.3f} over {result['years_stated']}"
    )
    return "\n".join(lines)


def evaluate(postings_path: str | Path, labels_path: str | Path) -> tuple[dict, dict]:
    """Label the gold postings and score them.

    Args:
        postings_path: JSON lines with ``posting_id``, ``board``, ``title``,
            ``html`` and ``text``.
        labels_path: The gold labels, JSON lines in the codebook's format.

    Returns:
        ``(result, predictions)``: the scores and the labels by posting id.
    """
    postings = load_jsonl(postings_path)
    started = time.perf_counter()
    predictions = label_postings(postings)
    logger.info(
        "labelled %d postings in %.2f s", len(postings), time.perf_counter() - started
    )
    return score(load_jsonl(labels_path), predictions), predictions


def board_folds(gold: dict[str, dict], pred: dict[str, dict], postings: dict,
                folds: int = 5) -> list[dict]:
    """Scores on held-out groups of boards, every board's postings together.

    The labeller fits nothing to the gold, so each fold is scored with the
    same rules; the spread across folds shows how much the figures move from
    one set of boards to another, which is what a release on new boards
    meets.
    """
    from sklearn.model_selection import GroupKFold

    ids = sorted(gold)
    boards = [postings[i]["board"] for i in ids]
    results = []
    for _, held_out in GroupKFold(n_splits=folds).split(ids, groups=boards):
        part = {ids[i]: gold[ids[i]] for i in held_out}
        result = score(part, pred)
        result["boards"] = len({boards[i] for i in held_out})
        results.append(result)
    return results


def format_folds(results: list[dict]) -> str:
    """One line a fold, then the mean and spread."""
    lines = ["fold  boards  postings  role-acc  theme-macro-F1  max-share-err"]
    for n, r in enumerate(results, 1):
        lines.append(f"{n:>4}  {r['boards']:>6}  {r['postings']:>8}  "
                     f"{r['role_accuracy']:8.3f}  {r['theme_macro_f1']:14.3f}  "
                     f"{100 * r['max_share_error']:12.1f}")
    for key, name in (("role_accuracy", "role accuracy"),
                      ("theme_macro_f1", "theme macro-F1")):
        values = [r[key] for r in results]
        mean = sum(values) / len(values)
        spread = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
        lines.append(f"{name} over board-grouped folds: {mean:.3f} +/- {spread:.3f} "
                     f"(min {min(values):.3f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: print the score table, optionally write the labels."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("postings", help="gold postings, JSON lines")
    parser.add_argument("labels", help="gold labels, JSON lines")
    parser.add_argument("--out", help="write the predicted labels here")
    parser.add_argument("--folds", type=int, default=0,
                        help="also score on this many held-out groups of boards")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    result, predictions = evaluate(args.postings, args.labels)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            for row in predictions.values():
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(format_table(result))
    if args.folds:
        gold = load_jsonl(args.labels)
        postings = load_jsonl(args.postings)
        print(format_folds(board_folds(gold, predictions, postings, args.folds)))


if __name__ == "__main__":
    main()
