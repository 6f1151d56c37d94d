"""Try plain onnxruntime on the bundled model, beside torch (not part of the
default run: onnxruntime is not a project dependency).

The `onnx` extra of sentence-transformers 6.3.0 cannot be installed beside
the pinned stack (pip: ResolutionImpossible), so this exports the
transformer with ``torch.onnx.export`` (TorchScript exporter; it needs the
`onnx` package) and runs it with onnxruntime, both installed outside the
venv so the pinned stack is untouched:

    pip install --target /tmp/ort-site onnxruntime==1.32.0 onnx==1.23.2
    python -m benchmarks.onnx_runtime --site /tmp/ort-site --db benchmarks/out/work/x1/csm-radar.db

Mean pooling and normalisation as the model's modules do; vectors are
compared with sentence-transformers' (max abs difference).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.timing import PeakRSS, Stopwatch, mib


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.onnx_runtime")
    parser.add_argument("--site", type=Path, required=True, help="folder holding onnxruntime")
    parser.add_argument("--db", type=Path, required=True, help="run database of a 1x run")
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    sys.path.append(str(args.site))  # last, so the venv's numpy wins
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import onnxruntime as ort
    import torch
    from sentence_transformers import SentenceTransformer

    from analysis.embed import model_path
    from benchmarks.embedding import family_sentences

    sentences = family_sentences(args.db, args.sentences)
    model = SentenceTransformer(model_path(), device="cpu")
    bert = model[0].auto_model.eval()

    class Wrapped(torch.nn.Module):  # keyword call: positional tracing breaks on transformers 5
        def forward(self, input_ids, attention_mask):
            return bert(input_ids=input_ids, attention_mask=attention_mask,
                        return_dict=True).last_hidden_state

    transformer = Wrapped().eval()
    tokenizer = model.tokenizer
    onnx_path = Path(tempfile.mkdtemp(prefix="bench-onnx-")) / "model.onnx"
    sample = tokenizer(["a b c"], return_tensors="pt", padding=True)
    for parameter in bert.parameters():
        parameter.requires_grad_(False)
    with Stopwatch() as export, torch.no_grad():
        torch.onnx.export(
            transformer, (sample["input_ids"], sample["attention_mask"]), str(onnx_path),
            input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"},
                          "last_hidden_state": {0: "b", 1: "t"}},
            opset_version=17, dynamo=False,
        )
    options = ort.SessionOptions()
    options.intra_op_num_threads = torch.get_num_threads()
    session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])

    def ort_encode(texts):
        order = np.argsort([-len(t) for t in texts])  # as sentence-transformers sorts
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(texts), args.batch_size):
            idx = order[start:start + args.batch_size]
            enc = tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                            max_length=model.max_seq_length, return_tensors="np")
            mask = enc["attention_mask"].astype(np.int64)
            hidden = session.run(None, {"input_ids": enc["input_ids"].astype(np.int64),
                                        "attention_mask": mask})[0]
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            out[idx] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return out

    ort_encode(sentences[:64])
    model.encode(sentences[:64], batch_size=args.batch_size)
    times = {"torch": [], "onnxruntime": []}
    with PeakRSS() as peak:
        for _ in range(2):
            with Stopwatch() as w:
                ref = model.encode(sentences, batch_size=args.batch_size, normalize_embeddings=True)
            times["torch"].append(w.seconds)
            with Stopwatch() as w:
                got = ort_encode(sentences)
            times["onnxruntime"].append(w.seconds)
    n = len(sentences)
    result = {"sentences": n, "onnxruntime": ort.__version__, "export_s": round(export.seconds, 1),
              "onnx_mib": mib(onnx_path.stat().st_size),
              **{f"{k}_sentences_per_s": round(n / min(v), 1) for k, v in times.items()},
              "ratio_onnx_to_torch": round(min(times["torch"]) / min(times["onnxruntime"]), 3),
              "max_abs_diff": float(np.abs(ref - got).max()),
              "peak_rss_mib_both": mib(peak.bytes), "loadavg": os.getloadavg()}
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
