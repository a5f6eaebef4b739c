#!/usr/bin/env bash
# Every benchmark figure quoted in README.md, in one go (`make bench`). The paper (ViT-B/16) rows take tens of minutes on
# a 2-core CPU; on a CUDA machine the same commands use bf16 autocast, report CUDA memory and MFU.
# On a shared CPU box, --threads 1 keeps OpenMP from spinning against other jobs (ratios are far steadier).
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1
T="${BENCH_THREADS:-1}"
co2s bench data --dataset dubai_aerial --workers 2
co2s bench train --preset cpu --crop 128 --dataset dubai_aerial --threads "$T" --pairs 10
co2s bench eval --preset cpu --crop 128 --dataset dubai_aerial --threads "$T"
co2s bench train --preset paper --crop 256 --methods co2s --threads "$T" --pairs 4 --warmup 1
co2s bench eval --preset paper --crop 256 --threads "$T" --pairs 3
co2s bench train --preset paper --crop 256 --methods co2s --threads "$T" --pairs 2 --warmup 1 --checkpointing
python benchmarks/bench_model.py --preset tiny --warmup 1 --repeats 5
python benchmarks/bench_decoder.py --C 64 --K 5 --dims 96 96 96 --grid 16
python benchmarks/bench_decoder.py --C 128 --K 6 --dims 768 768 512 --grid 16
python benchmarks/decoder_parts.py 32 5 8 24 32
python benchmarks/bench_optimizer.py
python benchmarks/profile_step.py paper 256 2 2 2 --profile
python benchmarks/image_path.py
