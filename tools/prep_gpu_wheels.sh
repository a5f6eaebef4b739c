#!/usr/bin/env bash
# The packages co2s needs that a bare GPU machine (Python 3.12, PyTorch, timm, matplotlib; nothing can be installed
# there from the network) lacks, downloaded here as wheels into .whl/ (git-ignored), for the device tool's `carry`.
#   tools/prep_gpu_wheels.sh                  # open_clip_torch and its two missing pure-python needs (~2.4 MB)
#   tools/prep_gpu_wheels.sh --with-rasterio  # also rasterio (GeoTIFF in/out, `co2s predict`; ~37 MB in all, GDAL included)
# Then, on the GPU machine: tools/gpu_check.sh (it installs .whl/*.whl into /tmp/site first).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}; [ -x "$PY" ] || PY=python3
grep -qx '/.whl/' .git/info/exclude 2>/dev/null || echo '/.whl/' >> .git/info/exclude
ver() { $PY -c "import importlib.metadata as m; print(m.version('$1'))"; }
# pure python, the versions this checkout's venv runs; the GPU machine already has regex, tqdm, huggingface_hub,
# safetensors, timm, torch and torchvision (device KINDS.md), which open_clip needs too
PKGS=("open_clip_torch==$(ver open_clip_torch)" "ftfy==$(ver ftfy)" "wcwidth==$(ver wcwidth)")
[ "${1:-}" = "--with-rasterio" ] && PKGS+=("rasterio==$(ver rasterio)" "affine==$(ver affine)" "cligj==$(ver cligj)" "click-plugins==$(ver click-plugins)")
rm -rf .whl; mkdir -p .whl
$PY -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
  --platform manylinux2014_x86_64 --platform manylinux1_x86_64 -d .whl "${PKGS[@]}"
ls -la .whl; du -sh .whl
for w in .whl/*.whl; do echo "$w needs: $(unzip -p "$w" '*/METADATA' | grep ^Requires-Dist | grep -v extra | cut -d' ' -f2 | tr '\n' ' ')"; done
