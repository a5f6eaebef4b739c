"""Collectives run on the device of the process group's backend (NCCL reduces only CUDA tensors): checked by
inspection under a stand-in backend, and end to end with two gloo processes through the same code."""
import os, sys, json, subprocess
from pathlib import Path
import pytest, torch
import torch.distributed as dist
import co2s.core as core
from co2s.engine import _guard, RunRecord
from co2s.metrics import SegMetrics

class _Stop(Exception): pass

@pytest.fixture
def fake_nccl(monkeypatch):
    "A 2-rank process group whose backend wants tensors on the 'meta' device; records where each reduce happens."
    seen = []
    def reduce(t, op=None): seen.append(t.device); raise _Stop
    monkeypatch.setattr(dist, 'is_initialized', lambda: True); monkeypatch.setattr(dist, 'get_world_size', lambda: 2)
    monkeypatch.setattr(dist, 'get_rank', lambda: 0); monkeypatch.setattr(dist, 'all_reduce', reduce)
    monkeypatch.setattr(core, 'dist_device', lambda: torch.device('meta'))
    return seen

@pytest.mark.parametrize('what', ['nan_guard', 'seg_metrics'])
def test_collectives_use_the_backend_device(fake_nccl, tmp_path, what):
    with pytest.raises(_Stop):
        if what == 'nan_guard': _guard(1, {'loss': 1.0}, RunRecord(tmp_path, active=False))
        else: SegMetrics(3).all_reduce()
    assert fake_nccl == [torch.device('meta')]   # not the CPU tensor it was built as

def test_dist_device_under_nccl(monkeypatch):
    monkeypatch.setattr(dist, 'is_initialized', lambda: True); monkeypatch.setattr(dist, 'get_backend', lambda: 'nccl')
    monkeypatch.setattr(torch.cuda, 'current_device', lambda: 3)
    assert core.dist_device() == torch.device('cuda', 3)

DRIVER = '''
import sys, json, torch, torch.distributed as dist
from pathlib import Path
from co2s.engine import _guard, RunRecord, NonFiniteLoss, init_dist
from co2s.metrics import SegMetrics
rank, world, _ = init_dist(); out = Path(sys.argv[1]); res = {}
rec = RunRecord(out/'run', active=rank == 0)
_guard(1, {'loss': 1.0}, rec)                        # finite on both ranks: no stop
try: _guard(2, {'loss': float('nan') if rank == 1 else 0.5}, rec); res['stopped'] = False
except NonFiniteLoss: res['stopped'] = True           # rank 1 alone is NaN: both ranks stop together
sm = SegMetrics(3); sm.update(torch.full((1, 2, 2), rank), torch.full((1, 2, 2), rank)); sm.all_reduce()
res['cm'] = sm.cm.tolist(); res['device'] = str(sm.cm.device)
(out/f'rank{rank}.json').write_text(json.dumps(res)); dist.destroy_process_group()
'''

def test_two_gloo_ranks_stop_together_and_sum(tmp_path):
    (tmp_path/'drv.py').write_text(DRIVER)
    r = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', str(tmp_path/'drv.py'),
                        str(tmp_path)], env={**os.environ, 'OMP_NUM_THREADS': '1'}, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    res = [json.loads((tmp_path/f'rank{i}.json').read_text()) for i in (0, 1)]
    assert [x['stopped'] for x in res] == [True, True]
    want = [[4, 0, 0], [0, 4, 0], [0, 0, 0]]   # 4 pixels of class 0 (rank 0) + 4 of class 1 (rank 1)
    assert all(x['cm'] == want and x['device'] == 'cpu' for x in res)
    err = json.loads((tmp_path/'run'/'error.json').read_text())
    assert err['it'] == 2
