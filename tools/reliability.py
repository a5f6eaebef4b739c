"""Kill a tiny deterministic CPU run with SIGKILL at random points (some during a checkpoint write), resume it, and
check that it ends bit-identical to an uninterrupted run: parameters, optimiser state, metrics and drift logs.

    nice -n 10 .venv/bin/python tools/reliability.py --kills 8      # prints "kills tried: 8, identical: 8"

Each trial trains `co2s train` (tiny preset, a synthetic 32-px dataset, 12 steps, a checkpoint every 2) in a fresh run
directory, kills it at a random moment of its training (or, every other trial, the moment a checkpoint's temp file
appears, i.e. during the write), then runs the same command again until it finishes."""
import argparse, json, os, random, signal, subprocess, sys, tempfile, time
from pathlib import Path
import torch, yaml

ROOT = Path(__file__).resolve().parents[1]
TRAIN = [sys.executable, '-c', 'import sys; from co2s.engine import train_main; sys.exit(train_main(sys.argv[1:]))']
LOGS = ('metrics.jsonl', 'drift.jsonl')

def _env(): return {**os.environ, 'OMP_NUM_THREADS': '1', 'PYTHONHASHSEED': '0', 'HF_HUB_OFFLINE': '1'}

def _cmd(cfg:Path, rd:Path)->list[str]: return [*TRAIN, str(cfg), '--run-dir', str(rd), '--no-progress']

def _finish(cfg:Path, rd:Path, tries:int=3):
    "Run the command until the run has its report (a resume, or a fresh start if it was killed before its first checkpoint)."
    for _ in range(tries):
        r = subprocess.run(_cmd(cfg, rd), env=_env(), capture_output=True, text=True)
        if r.returncode == 0 and (rd/'report.json').exists(): return r
    raise RuntimeError(f'{rd} did not finish: {r.stderr[-2000:]}')

def _state(rd:Path)->dict:
    ck = torch.load(rd/'ckpt'/'last.pt', map_location='cpu', weights_only=True)
    return dict(models=ck['models'], opt=ck['opt'], it=ck['it'], logs={k: (rd/k).read_text() for k in LOGS})

def _same(a:dict, b:dict)->list[str]:
    "What differs between two final states (empty: bit-identical)."
    diff = [f'it {a["it"]} != {b["it"]}'] if a['it'] != b['it'] else []
    diff += [f'param {k}' for k in a['models'] if not torch.equal(a['models'][k], b['models'][k])]
    sa, sb = a['opt']['state'], b['opt']['state']
    diff += [f'optimiser state {k}' for k in sa if any(not torch.equal(sa[k][n], sb[k][n]) for n in sa[k] if torch.is_tensor(sa[k][n]))]
    diff += [f'log {k}' for k in LOGS if a['logs'][k] != b['logs'][k]]
    return diff

def _kill_during_write(proc, rd:Path, nth:int)->bool:
    "SIGKILL `proc` as soon as the temp file of its `nth` checkpoint write appears; False if it ended first."
    seen, was = 0, False
    while proc.poll() is None:
        now = any((rd/'ckpt').glob('.last.pt.*.tmp')) if (rd/'ckpt').is_dir() else False
        if now and not was:
            seen += 1
            if seen == nth: proc.send_signal(signal.SIGKILL); proc.wait(); return True
        was = now; time.sleep(0.002)
    return False

def _kill_at(proc, rd:Path, delay:float)->bool:
    "SIGKILL `proc` `delay` s after its training started (its config.json appeared); False if it ended first."
    while not (rd/'config.json').exists():
        if proc.poll() is not None: return False
        time.sleep(0.01)
    t = time.monotonic() + delay
    while time.monotonic() < t:
        if proc.poll() is not None: return False
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL); proc.wait(); return True

def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--kills', type=int, default=8, help='trials, one SIGKILL each')
    ap.add_argument('--seed', type=int, default=0, help='seed of the kill times')
    ap.add_argument('--steps', type=int, default=12)
    ap.add_argument('--keep', action='store_true', help='keep the run directories')
    a = ap.parse_args(argv)
    from co2s.core import synth_folder
    work = Path(tempfile.mkdtemp(prefix='co2s-reliability-')); rng = random.Random(a.seed)
    data = synth_folder(work/'data', n=12, size=32)
    cfg = work/'cfg.yaml'
    cfg.write_text(yaml.safe_dump(dict(method='co2s', model='tiny', steps=a.steps, ckpt_every=2, eval_every=4, drift_n=2, probe_n=1,
        deterministic=True, seed=1, data=dict(dataset=str(data), labeled='1_4', crop=32, base_size=32, eval_size=32,
                                               batch_l=1, batch_u=2, workers=0))))
    t0 = time.monotonic(); ref = work/'reference'; _finish(cfg, ref)
    cj = (ref/'config.json').stat().st_mtime; train_s = (ref/'report.json').stat().st_mtime - cj
    ref_state = _state(ref)
    print(f'reference run: {time.monotonic() - t0:.0f} s ({train_s:.1f} s training), {a.steps} steps', flush=True)
    tried = same = 0; lines = []
    for i in range(a.kills):
        rd = work/f'kill{i}'
        for attempt in range(5):   # a kill that came after the end does not count: try again, earlier
            proc = subprocess.Popen(_cmd(cfg, rd), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if i % 2: nth = rng.randint(1, a.steps // 2); where = f'during checkpoint write #{nth}'; ok = _kill_during_write(proc, rd, nth)
            else: delay = rng.uniform(0, train_s); where = f'{delay:.2f} s into training'; ok = _kill_at(proc, rd, delay)
            if ok: break
            subprocess.run(['rm', '-rf', str(rd)], check=True)
        else: print(f'trial {i}: no kill landed before the end'); continue
        tried += 1
        ck = rd/'ckpt'/'last.pt'
        at = torch.load(ck, map_location='cpu', weights_only=True)['it'] if ck.exists() else 0
        tmp = len(list(rd.rglob('*.tmp')))
        _finish(cfg, rd)
        diff = _same(ref_state, _state(rd)); left = len(list(rd.rglob('*.tmp')))
        same += not diff and not left
        lines.append(f'trial {i}: killed {where} (last checkpoint: step {at}, temp files left: {tmp}) -> resumed: '
                     + ('bit-identical' if not diff else f'DIFFERS in {diff[:4]}') + (f', {left} temp files remain' if left else ''))
        print(lines[-1], flush=True)
    print(f'kills tried: {tried}, identical: {same}  ({time.monotonic() - t0:.0f} s; CPU, deterministic, tiny preset)')
    if not a.keep: subprocess.run(['rm', '-rf', str(work)])
    return 0 if tried == same else 1

if __name__ == '__main__': sys.exit(main())
