"""Two processes (gloo, CPU) train one run with DDP: parameters stay identical across ranks and the distributed
evaluation equals a single-process evaluation of the same weights."""
import os, sys, json, subprocess
from pathlib import Path
import pytest, torch
from co2s.core import load_torch

ROOT = Path(__file__).resolve().parents[1]
ARGS = ['method=co2s', 'model=tiny', 'steps=3', 'ckpt_every=3', 'eval_every=3', 'deterministic=true', 'drift_n=3', 'probe_n=1',
        'data.dataset=dubai_aerial', 'data.crop=64', 'data.eval_size=64', 'data.workers=0', 'data.batch_l=2', 'data.batch_u=4']

# each rank keeps its own final weights (test only: the library writes from rank 0 alone)
DRIVER = '''
import sys, torch, torch.distributed as dist
import co2s.engine as E
from co2s.train import load_cfg
_finish = E.finish
def finish(rec, models, state, *a, **k):
    torch.save(models.state_dict(), rec.path/f'rank{dist.get_rank()}.pt'); return _finish(rec, models, state, *a, **k)
E.finish = finish
E.run(load_cfg(sys.argv[1], sys.argv[2:]), progress=False)
dist.destroy_process_group()
'''

def test_ddp_two_ranks(tmp_path):
    drv = tmp_path/'driver.py'; drv.write_text(DRIVER); rd = tmp_path/'run'
    env = {**os.environ, 'OMP_NUM_THREADS': '1'}
    r = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', str(drv),
                        str(ROOT/'configs'/'tiny-dubai.yaml'), *ARGS, f'run_dir={rd}'], env=env, cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    p0, p1 = (load_torch(rd/f'rank{i}.pt') for i in (0, 1))
    for k in p0: assert torch.equal(p0[k], p1[k]), k
    ck = load_torch(rd/'ckpt'/'last.pt')
    assert len(ck['rng']) == 2 and not torch.equal(ck['rng'][0]['torch'], ck['rng'][1]['torch'])   # each rank its own stream
    # the same weights, evaluated in this single process
    from co2s.train import load_cfg, build_models
    from co2s.datasets import build_data
    from co2s import infer
    cfg = load_cfg(ROOT/'configs'/'tiny-dubai.yaml', ARGS)
    data = build_data(cfg.data)
    models = build_models(cfg, data.n_cls, data.info.vocab); models.load_state_dict(p0)
    threads = torch.get_num_threads(); torch.set_num_threads(1)   # the ranks ran with one thread each: same kernels, same sums
    from co2s.engine import amp_dtype          # and the precision the run evaluated in (amp=auto: bf16 on a CPU with AMX)
    bf16 = amp_dtype(cfg.amp, torch.device('cpu')) == torch.bfloat16
    try: single = infer.evaluate(models, data.eval_set('val'), cfg.data.crop, data.n_cls, amp=bf16)
    finally: torch.set_num_threads(threads)
    report = json.loads((rd/'report.json').read_text())
    assert report['world'] == 2
    dist_val = report['last']['val']
    assert set(single) == set(dist_val)
    for k in single:
        for m in ('miou', 'oa', 'kappa'): assert abs(single[k][m] - dist_val[k][m]) < 1e-9, (k, m, single[k][m], dist_val[k][m])
