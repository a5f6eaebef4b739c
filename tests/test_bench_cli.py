"`co2s bench`: the console command runs each benchmark and prints the JSON the GPU check script reads."
import json, os, subprocess, sys
from pathlib import Path
import pytest

DATA = Path(os.environ.get('CO2S_DATA', Path(__file__).resolve().parents[2]/'shared/data'))

def co2s(*args):
    env = dict(os.environ, HF_HUB_OFFLINE='1')
    return subprocess.run([sys.executable, '-m', 'co2s.cli', *args], capture_output=True, text=True, env=env, timeout=600)

def test_bench_train_json():
    r = co2s('bench', 'train', '--preset', 'tiny', '--crop', '64', '--pairs', '2', '--warmup', '0',
             '--methods', 'supervised', 'co2s', '--json', '--device', 'cpu')
    assert r.returncode == 0, r.stderr
    j = json.loads(r.stdout)
    assert set(j['methods']) == {'supervised', 'co2s'}
    for k in ('step_s', 'floor_s', 'ratio', 'peak_mem_mb'): assert j[k] > 0, (k, j)
    assert j['ratio'] == j['methods']['co2s']['ratio'] and 'mfu' not in j      # CPU: no MFU

def test_bench_eval_text():
    r = co2s('bench', 'eval', '--preset', 'tiny', '--crop', '64', '--size', '100', '--images', '1', '--pairs', '1', '--device', 'cpu')
    assert r.returncode == 0, r.stderr
    assert 'img/s' in r.stdout and '4 windows' in r.stdout

@pytest.mark.skipif(not (DATA/'dubai_aerial').is_dir(), reason='needs $CO2S_DATA/dubai_aerial')
def test_bench_data():
    r = co2s('bench', 'data', '--dataset', 'dubai_aerial', '--workers', '0', '--crop', '64', '--batches', '2', '--json')
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)['samples_per_s'] > 0

def test_bench_bad_input():
    r = co2s('bench', 'train', '--methods', 'nope', '--pairs', '1')
    assert r.returncode == 2 and 'unknown method' in r.stderr
    if not __import__('torch').cuda.is_available():
        r = co2s('bench', 'train', '--device', 'cuda')
        assert r.returncode == 2 and 'no CUDA device' in r.stderr
