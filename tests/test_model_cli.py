"`co2s model summary` through the console entry point: offline JSON for a random-init preset, a clear error otherwise."
import json, os, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, 'HF_HUB_OFFLINE': '1'}

def _co2s(*args):
    return subprocess.run([sys.executable, '-c', 'import sys; from co2s.cli import main; sys.exit(main())', *args],
                          capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=300)

def test_summary_tiny_json():
    r = _co2s('model', 'summary', '--preset', 'tiny', '--json')
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s['preset'] == 'tiny' and set(s['students']) == {'clip', 'dino'}
    for name, st in s['students'].items():
        assert 0 < st['trainable'] < st['total'] and st['decoder'] > 0, (name, st)
        assert st['weights'] == 'random-init' and st['random_init'] is True
    assert s['students']['clip']['guidance'] == 'text' and s['students']['dino']['guidance'] == 'queries'

def test_summary_pretrained_offline_fails_with_howto():
    r = _co2s('model', 'summary', '--preset', 'paper', '--json')
    assert r.returncode == 2 and not r.stdout.strip()
    assert 'openai' in r.stderr and 'weights=None' in r.stderr and '--random-init' in r.stderr, r.stderr

def test_summary_unknown_preset():
    r = _co2s('model', 'summary', '--preset', 'papr')
    assert r.returncode == 2 and 'paper' in r.stderr
