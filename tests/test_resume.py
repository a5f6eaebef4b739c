"Exact resume: a training process killed with SIGKILL after a checkpoint, then resumed, ends where an uninterrupted run ends."
import os, sys, json, time, signal, subprocess
from pathlib import Path
import pytest, torch
from co2s.core import load_torch

ROOT = Path(__file__).resolve().parents[1]
ARGS = ['method=co2s', 'model=tiny', 'steps=6', 'ckpt_every=2', 'eval_every=0', 'deterministic=true', 'drift_n=2', 'probe_n=1',
        'data.dataset=dubai_aerial', 'data.crop=64', 'data.eval_size=64', 'data.workers=0', 'seed=1']
RECORD = ['.lock', 'ckpt', 'config.json', 'config.yaml', 'drift.jsonl', 'env.json', 'metrics.jsonl', 'probes', 'report.json']

TRAIN = 'import sys; from co2s.engine import train_main; sys.exit(train_main(sys.argv[1:]))'

def _cmd(run_dir): return [sys.executable, '-c', TRAIN, str(ROOT/'configs'/'tiny-dubai.yaml'), *ARGS,
                           f'--run-dir={run_dir}', '--no-progress']

def _env(): return {**os.environ, 'OMP_NUM_THREADS': '1', 'PYTHONHASHSEED': '0'}

def _ckpt_it(p:Path):
    try: return load_torch(p)['it']
    except Exception: return None   # not there yet (or being replaced)

def test_sigkill_resume(tmp_path):
    a, b = tmp_path/'a', tmp_path/'b'
    subprocess.run(_cmd(a), check=True, env=_env(), cwd=ROOT, capture_output=True)
    assert sorted(p.name for p in a.iterdir()) == RECORD                      # the run directory is the whole record
    assert sorted(p.name for p in (a/'ckpt').iterdir()) == ['best.pt', 'last.pt'] and len(list((a/'probes').iterdir())) == 1
    assert json.loads((a/'env.json').read_text())['weights']['clip']['random_init'] is True
    assert [json.loads(l)['it'] for l in (a/'metrics.jsonl').read_text().splitlines()] == [1, 2, 3, 4, 5, 6, 6]
    proc = subprocess.Popen(_cmd(b), env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while _ckpt_it(b/'ckpt'/'last.pt') is None:
        assert proc.poll() is None, 'the training process ended before its first checkpoint'
        assert time.time() - t0 < 300; time.sleep(0.02)
    proc.send_signal(signal.SIGKILL); proc.wait()
    killed_at = _ckpt_it(b/'ckpt'/'last.pt')
    assert killed_at < 6 and not (b/'report.json').exists(), 'killed too late: the run had finished'
    r = subprocess.run(_cmd(b), env=_env(), cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    assert f'resuming {b} at step {killed_at}' in r.stderr
    pa, pb = (load_torch(d/'ckpt'/'last.pt') for d in (a, b))
    assert pa['it'] == pb['it'] == 6
    for k in pa['models']: assert torch.equal(pa['models'][k], pb['models'][k]), k
    for k in ('metrics.jsonl', 'drift.jsonl'): assert (a/k).read_text() == (b/k).read_text(), k
    ra, rb = (json.loads((d/'report.json').read_text()) for d in (a, b))
    assert ra['last'] == rb['last'] and ra['best_on_val'] == rb['best_on_val']

def test_resume_refuses_other_config(tmp_path):
    from co2s.core import Co2SInputError
    from co2s.train import load_cfg
    from co2s.engine import run
    d = tmp_path/'r'; d.mkdir()
    (d/'config.json').write_text(json.dumps({'method': 'unimatch'}))
    with pytest.raises(Co2SInputError, match=r"another config \(differs in \[.*'method'"):
        run(load_cfg(ROOT/'configs'/'tiny-dubai.yaml', ARGS + [f'run_dir={d}']), progress=False)
