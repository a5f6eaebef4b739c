#!/usr/bin/env bash
# co2s's GPU path in one command, about 12 minutes on one GPU (run from the repository root):
#   tools/prep_gpu_wheels.sh          # once, on a machine with pip: the few packages a bare GPU machine lacks, into .whl/
#   tools/gpu_check.sh                # on the GPU machine (it installs .whl/ into /tmp/site when .whl/ is there)
#   tools/gpu_check.sh --perf         # only the performance step (6/6), ~5 min: for a short device budget
#   tools/gpu_check.sh --cpu [--perf] # the same steps on a CPU with the tiny preset: checks this script itself
# Steps: NCCL collectives on CUDA (NaN guard, confusion matrix, drift counts, RNG gather); the `paper` preset at random
# init trained in bf16 under `torchrun --nproc_per_node 1` (NCCL) with evaluation and checkpoints, SIGKILLed after
# its first checkpoint and resumed to the end; `co2s eval` and `co2s predict` on that run; fp16 with the grad scaler;
# step time and peak memory of each; then performance (issue 11): `co2s bench train` in the paper's WHDLD setting
# (crop 256, 8 + 8 on one GPU) for Co2S against its floor with MFU, the same under torch.compile (compile time) and
# with activation checkpointing (peak memory against one 24 GiB GPU, and its time cost), and `co2s bench eval`.
# Everything goes to $OUT (default /tmp/co2s-gpu-check); the last line says how many steps failed.
set -uo pipefail
cd "$(dirname "$0")/.."
CPU=0; PERF=0
for a in "$@"; do case $a in --cpu) CPU=1;; --perf) PERF=1;; *) echo "gpu_check.sh: unknown option $a (use --cpu, --perf)"; exit 2;; esac; done
OUT=${OUT:-/tmp/co2s-gpu-check}; mkdir -p "$OUT"
PY=${PYTHON:-python3}; [ $CPU = 1 ] && [ -z "${PYTHON:-}" ] && [ -x .venv/bin/python ] && PY=$PWD/.venv/bin/python
if ls .whl/*.whl >/dev/null 2>&1 && [ $CPU = 0 ]; then
  $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site:$PWD
else export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}; fi
export HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1 CO2S_CACHE=$OUT/cache MPLBACKEND=Agg
if [ $CPU = 1 ]; then MODEL=tiny; CROP=32; SIZE=48; STEPS=4; EVERY=2; BL=1; BU=2; AMP=fp32; export CUDA_VISIBLE_DEVICES=
else MODEL=paper; CROP=512; SIZE=640; STEPS=40; EVERY=20; BL=4; BU=4; AMP=bf16; fi
fails=0
step() { echo; echo "== $(date +%T) $*"; }
bad() { echo "FAILED: $*"; fails=$((fails + 1)); }
TORCHRUN="$PY -m torch.distributed.run --standalone --nproc_per_node 1"

step "environment"
[ $CPU = 0 ] && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
$PY -c "import torch, timm, open_clip, co2s; print('torch', torch.__version__, '| cuda', torch.version.cuda, torch.cuda.is_available() and torch.cuda.get_device_name(0), '| timm', timm.__version__, '| open_clip', open_clip.__version__, '| co2s', co2s.__version__)" || bad environment

if [ $PERF = 0 ]; then
step "1/6 collectives on the process group's device (NCCL: CUDA), tensors built on the CPU as the code builds them"
cat > "$OUT/collectives.py" <<'EOF'
import math, torch, torch.distributed as dist
from co2s.engine import init_dist, _guard, _gather, rng_state, RunRecord, NonFiniteLoss
from co2s.metrics import SegMetrics
from co2s.pseudolabel import DriftStats
from co2s.core import dist_device
import sys
rank, world, local = init_dist(); out = sys.argv[1]
print('backend', dist.get_backend(), '| collectives on', dist_device())
rec = RunRecord(out + '/guard', active=rank == 0)
_guard(1, {'loss': 1.0}, rec)
try: _guard(2, {'loss': math.nan}, rec); raise SystemExit('the NaN guard did not stop')
except NonFiniteLoss as e: print('NaN guard stopped:', str(e)[:60])
sm = SegMetrics(3); sm.update(torch.tensor([[0, 1, 2]]), torch.tensor([[0, 1, 1]])); sm.all_reduce()
assert sm.cm.sum().item() == 3 and sm.cm.device.type == 'cpu', sm.cm; print('SegMetrics.all_reduce ok')
ds = DriftStats(3, 0.5, names=('clip', 'dino', 'fused'))
p = torch.softmax(torch.randn(1, 3, 4, 4), 1).to(dist_device()); y = torch.randint(0, 3, (1, 4, 4)).to(dist_device())
ds.update({'clip': p, 'dino': p, 'fused': p}, y); ds.all_reduce(); print('DriftStats.all_reduce ok', ds.compute()['clip']['pixels'])
assert len(_gather(rng_state())) == world; print('rng gather ok')
dist.barrier(); dist.destroy_process_group()
EOF
timeout 180 $TORCHRUN "$OUT/collectives.py" "$OUT" || bad collectives

step "2/6 data: a synthetic dataset folder (no real data travels to this machine)"
$PY -c "from co2s.core import synth_folder; synth_folder('$OUT/data', n=24, size=$SIZE, n_cls=5)" || bad data
cat > "$OUT/run.yaml" <<EOF
method: co2s
model: $MODEL
random_init: true
amp: $AMP
data: {dataset: $OUT/data, labeled: '1_4', crop: $CROP, base_size: $SIZE, eval_size: $SIZE, batch_l: $BL, batch_u: $BU, workers: 2}
steps: $STEPS
eval_every: $EVERY
ckpt_every: $EVERY
drift_n: 8
probe_n: 2
seed: 0
EOF
report() { $PY - "$1" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1] + '/report.json'))
t, v = r.get('timing', {}), (r.get('last') or {}).get('val') or {}
print('report:', 'steps', r.get('steps'), '| s/step', t.get('s_per_step'), '| peak memory MB', t.get('peak_mem_mb'),
      '| val mIoU', {k: round(100*m['miou'], 2) for k, m in v.items() if m.get('miou') is not None})
EOF
}

step "3/6 $MODEL preset, random init, $AMP, torchrun (1 process): killed after its first checkpoint, then resumed"
RD=$OUT/bf16; rm -rf "$RD"
$TORCHRUN -m co2s.cli train "$OUT/run.yaml" --run-dir "$RD" > "$OUT/bf16_a.log" 2>&1 & pid=$!
t0=$(date +%s)
until [ -f "$RD/ckpt/last.pt" ]; do   # renamed into place whole: there once the step-$EVERY checkpoint is written
  kill -0 $pid 2>/dev/null || break; [ $(( $(date +%s) - t0 )) -gt 400 ] && break; sleep 0.2; done
kill -9 "$(cat "$RD/.lock" 2>/dev/null)" 2>/dev/null; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null   # .lock holds the trainer's pid
tail -n 3 "$OUT/bf16_a.log"
timeout 300 $TORCHRUN -m co2s.cli train "$OUT/run.yaml" --run-dir "$RD" > "$OUT/bf16_b.log" 2>&1 || bad "bf16 resume (see bf16_b.log)"
grep -o "resuming .* at step [0-9]*/[0-9]*" "$OUT/bf16_b.log" || bad "the second run did not resume"
grep -v "^train:" "$OUT/bf16_b.log" | tail -n 4
report "$RD" || bad "bf16 report"

step "4/6 co2s eval and co2s predict on that run"
timeout 120 $PY -m co2s.cli eval "$RD" --split val || bad eval
if $PY -c "import rasterio" 2>/dev/null; then
  timeout 120 $PY -m co2s.cli predict "$RD" "$(ls "$OUT"/data/images/* | head -n 1)" --out "$OUT/pred" || bad predict
else echo "co2s predict skipped: rasterio is not installed (tools/prep_gpu_wheels.sh --with-rasterio carries it)"; fi

step "5/6 fp16 with the grad scaler (one process)"
if [ $CPU = 1 ]; then echo "skipped on CPU"; else
  timeout 240 $PY -m co2s.cli train "$OUT/run.yaml" --run-dir "$OUT/fp16" amp=fp16 steps=20 eval_every=20 ckpt_every=20 --no-progress \
    > "$OUT/fp16.log" 2>&1 || bad "fp16 (see fp16.log)"
  tail -n 2 "$OUT/fp16.log"
  $PY -c "import torch; s = torch.load('$OUT/fp16/ckpt/last.pt', weights_only=True)['scaler']; print('grad scaler state', s); assert s and s['scale'] > 0" || bad "fp16 scaler"
  report "$OUT/fp16" || bad "fp16 report"
fi

fi

step "6/6 performance: co2s bench (step against its floor, MFU, torch.compile, checkpointing, evaluation)"
if [ $CPU = 1 ]; then TB="--device cpu --crop 32 --batch 2 --pairs 2 --warmup 1"; EB="--device cpu --crop 32 --size 64 --pairs 2"
else TB="--device cuda --crop 256 --batch 8 --pairs 6 --warmup 2"; EB="--device cuda --size 600 --images 8 --batch-windows 16"; fi
bench() {   # NAME TIMEOUT ARGS...: one bench call, its JSON into $OUT/bench_NAME.json
  local name=$1 t=$2; shift 2
  timeout "$t" $PY -m co2s.cli bench "$@" --json > "$OUT/bench_$name.json" 2> "$OUT/bench_$name.log" \
    || { bad "bench $name (see bench_$name.log)"; rm -f "$OUT/bench_$name.json"; }
}
bench train 300 train --preset $MODEL $TB --methods co2s
bench compile 400 train --preset $MODEL $TB --methods co2s --compile
bench ckpt 300 train --preset $MODEL $TB --methods co2s --checkpointing
bench eval 200 eval --preset $MODEL $EB
$PY - "$OUT" <<'EOF' || bad "bench summary"
import json, os, sys
out = sys.argv[1]; names = ('train', 'compile', 'ckpt', 'eval')
r = {n: json.load(open(f'{out}/bench_{n}.json')) for n in names if os.path.exists(f'{out}/bench_{n}.json')}
def line(n, m):
    mfu = f"{100*m['mfu']:.1f} %" if 'mfu' in m else 'n/a (CPU)'
    return (f"{n:8} step {m['step_s']:.3f} s, floor {m['floor_s']:.3f} s, ratio {m['ratio']:.2f} | peak {m['peak_mem_mb']:.0f} MiB, "
            f"floor {m['floor_mem_mb']:.0f} MiB ({m['mem_ratio']:.2f}) | MFU {mfu}"
            + (f" | compile {m['compile_s']:.1f} s" if 'compile_s' in m else ''))
for n in ('train', 'compile', 'ckpt'):
    if n in r: print(line(n, r[n]['methods']['co2s']))
if 'train' in r and 'ckpt' in r:
    a, b = r['train']['methods']['co2s'], r['ckpt']['methods']['co2s']
    print(f"checkpointing: {b['step_s']/a['step_s'] - 1:+.0%} time, {b['peak_mem_mb']/a['peak_mem_mb'] - 1:+.0%} peak memory; "
          f"fits one 24 GiB GPU: {'yes' if b['peak_mem_mb'] < 24*1024 else 'no'} ({b['peak_mem_mb']/1024:.1f} GiB)")
if 'eval' in r: print('eval    ', {k: v for k, v in r['eval'].items() if not isinstance(v, (list, dict))})
missing = sorted(set(names) - set(r))
sys.exit(f'bench calls without a result: {missing}' if missing else 0)
EOF

echo; echo "== gpu_check: $fails step(s) failed"
exit $fails
