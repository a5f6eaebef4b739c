#!/usr/bin/env bash
# Every benchmark figure quoted in README.md, in one go (`make bench`). The ViT-B/16 rows take tens of minutes on a
# 2-core CPU; on a CUDA machine the same scripts use bf16 autocast and report CUDA memory.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1
python benchmarks/bench_loader.py --workers 2
python benchmarks/bench_model.py --preset tiny --warmup 1 --repeats 5
python benchmarks/bench_model.py --preset paper --random-init --warmup 1 --repeats 2
python benchmarks/bench_train.py --preset tiny --iters 3
python benchmarks/bench_train.py --preset paper --iters 2
