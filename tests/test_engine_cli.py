"""`co2s train` as a user meets it: relative paths from the current directory, overrides anywhere on the line,
--random-init / --weights, temp files of a killed run removed, the data checked before anything is written, and one
writer per run directory. Everything trains on a synthetic 32-px folder dataset with the tiny preset."""
import os, sys, json, time, signal, subprocess
from pathlib import Path
import pytest, yaml
from co2s.core import synth_folder
from co2s.rundir import RunLock

ROOT = Path(__file__).resolve().parents[1]
TRAIN = [sys.executable, '-c', 'import sys; from co2s.engine import train_main; sys.exit(train_main(sys.argv[1:]))']

def _env(): return {**os.environ, 'OMP_NUM_THREADS': '1', 'HF_HUB_OFFLINE': '1'}

def write_cfg(path:Path, data:Path, **kw)->Path:
    "A tiny Co2S config on the synthetic dataset `data`."
    cfg = dict(method='co2s', model='tiny', steps=2, ckpt_every=1, drift_n=2, probe_n=1, deterministic=True,
               data=dict(dataset=str(data), labeled='1_4', crop=32, base_size=32, eval_size=32, batch_l=1, batch_u=2, workers=0))
    cfg.update(kw); path.write_text(yaml.safe_dump(cfg)); return path

@pytest.fixture(scope='module')
def data(tmp_path_factory): return synth_folder(tmp_path_factory.mktemp('data')/'synth', n=12, size=32)

def test_train_from_another_cwd(tmp_path, data):
    "Config and run dir relative to the caller's directory; overrides after the options; --random-init; stale temp removed;\n    the class weights of `pl.class_weight=sqrt` and the autocast dtype recorded in env.json."
    write_cfg(tmp_path/'my.yaml', data)
    (tmp_path/'runs/x/ckpt').mkdir(parents=True); (tmp_path/'runs/x/ckpt/.last.pt.k1ll.tmp').write_bytes(b'half a checkpoint')
    r = subprocess.run([*TRAIN, 'my.yaml', '--run-dir', 'runs/x', '--no-progress', 'seed=3', '--random-init', 'steps=1',
                        'pl.class_weight=sqrt'],
                       cwd=tmp_path, env=_env(), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    rd = tmp_path/'runs/x'
    assert r.stdout.strip().splitlines()[-1] == str(rd)
    cfg = json.loads((rd/'config.json').read_text())
    assert (cfg['seed'], cfg['steps'], cfg['random_init'], cfg['run_dir']) == (3, 1, True, str(rd))
    w = json.loads((rd/'env.json').read_text())['ce_weights']   # the labelled loss's class weights, as trained with
    assert cfg['pl']['class_weight'] == 'sqrt' and len(w) == 2 and abs(sum(w)/len(w) - 1) < 1e-5 and len(set(w)) > 1, w
    from co2s.engine import cpu_bf16_fast     # amp=auto: bf16 on a CPU with AMX, else fp32; the run says which it used
    env = json.loads((rd/'env.json').read_text())
    assert (env['amp'], env['cpu_amx']) == (('bfloat16', True) if cpu_bf16_fast() else ('fp32', False)), env
    assert (rd/'report.json').exists() and not list(rd.rglob('*.tmp'))
    assert not (ROOT/'runs/x').exists() and not (ROOT/'my.yaml').exists()

def test_weights_option_checks_the_file(tmp_path, data):
    "`--weights STUDENT=PATH` reaches the config, and a text file renamed .pt fails in one line before anything is written."
    (tmp_path/'clip.pt').write_text('this is not a checkpoint\n')
    r = subprocess.run([*TRAIN, str(write_cfg(tmp_path/'c.yaml', data)), '--weights', f'clip={tmp_path/"clip.pt"}', '--run-dir',
                        str(tmp_path/'run'), '--no-progress'], env=_env(), capture_output=True, text=True)
    assert r.returncode == 2, r.stderr[-3000:]
    err = r.stderr.strip()
    assert err.startswith('error: ') and len(err.splitlines()) == 1 and 'Traceback' not in err, err
    assert 'clip.pt' in err and 'damaged' in err and '--weights clip=PATH' in err and 'pop from empty list' not in err
    assert not (tmp_path/'run'/'config.json').exists()

@pytest.mark.parametrize('split', ['train', 'val'])
def test_corrupt_image_fails_before_training(tmp_path, data, split):
    "A truncated training or val image stops `co2s train` before config.json, naming the file."
    from co2s.data import load_split
    ds = tmp_path/'ds'; subprocess.run(['cp', '-r', str(data), str(ds)], check=True)
    _, sp = load_split(str(ds), '1_4')
    bad = Path((sp.labeled if split == 'train' else sp.val)[0].image)
    bad.write_bytes(bad.read_bytes()[:60])
    r = subprocess.run([*TRAIN, str(write_cfg(tmp_path/'c.yaml', ds)), '--run-dir', str(tmp_path/'run'), '--no-progress'],
                       env=_env(), capture_output=True, text=True)
    assert r.returncode == 2, r.stderr[-3000:]
    assert bad.name in r.stderr and 'data check' in r.stderr and 'Traceback' not in r.stderr, r.stderr
    assert not (tmp_path/'run'/'config.json').exists() and not (tmp_path/'run'/'env.json').exists()

def test_second_train_on_a_busy_run_dir_fails_at_once(tmp_path, data):
    "While one `co2s train` runs, a second on its directory exits at once; after a SIGKILL the lock is free again."
    rd = tmp_path/'run'; cfg = write_cfg(tmp_path/'c.yaml', data, steps=10_000, ckpt_every=0)
    first = subprocess.Popen([*TRAIN, str(cfg), '--run-dir', str(rd), '--no-progress'], env=_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        t0 = time.time()
        while not (rd/'config.json').exists():
            assert first.poll() is None, 'the first run ended early'
            assert time.time() - t0 < 300; time.sleep(0.2)
        t1 = time.time()
        r = subprocess.run([*TRAIN, str(cfg), '--run-dir', str(rd), '--no-progress'], env=_env(), capture_output=True, text=True)
        assert r.returncode == 2 and f'is in use by another co2s train (pid {first.pid})' in r.stderr, r.stderr[-2000:]
        assert time.time() - t1 < 120          # the import and the config are the whole cost: no data, no model
    finally:
        first.send_signal(signal.SIGKILL); first.wait()
    RunLock(rd).acquire().release()        # the killed holder left no lock behind
