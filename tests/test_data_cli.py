"`co2s data check` on the real samples and on broken copies of one."
import os, shutil
from types import SimpleNamespace
from pathlib import Path
import numpy as np
import pytest
from PIL import Image

DATA = Path(os.environ.get('CO2S_DATA', Path(__file__).resolve().parents[2]/'shared'/'data'))
needs_data = pytest.mark.skipif(not (DATA/'dubai_aerial').is_dir(), reason='set CO2S_DATA to the shared sample data')

@pytest.fixture
def co2s(capsys, monkeypatch):
    "Run the `co2s` entry point in-process; returns (exit code, stdout, stderr)."
    from co2s.cli import main
    monkeypatch.setenv('CO2S_DATA', str(DATA)); monkeypatch.setenv('HF_HUB_OFFLINE', '1')
    def run(*args):
        rc = main(list(args)); out = capsys.readouterr()
        return SimpleNamespace(returncode=rc, stdout=out.out, stderr=out.err)
    return run

@needs_data
@pytest.mark.parametrize('name,n_cls_line', [('dubai_aerial', "'water'"), ('kampala_buildings', "'building'")])
def test_check_ok(co2s, name, n_cls_line):
    r = co2s('data', 'check', name)
    assert r.returncode == 0, r.stderr
    assert 'leakage: ok' in r.stdout and n_cls_line in r.stdout and r.stdout.strip().endswith('OK')

@pytest.fixture
def broken(tmp_path):
    "A copy of tile 1 and 2 of dubai_aerial (18 images) with one mask of the wrong size and one RGB mask."
    src, dst = DATA/'dubai_aerial', tmp_path/'mine'
    (dst/'images').mkdir(parents=True); (dst/'masks').mkdir()
    shutil.copy(src/'classes.json', dst)
    for p in sorted((src/'images').glob('tile[12]_*.jpg')):
        shutil.copy(p, dst/'images'); shutil.copy(src/'masks'/f'{p.stem}.png', dst/'masks')
    Image.fromarray(np.zeros((10, 12), np.uint8)).save(dst/'masks'/'tile1_part001.png')
    Image.fromarray(np.full((644, 797, 3), (60, 16, 152), np.uint8)).save(dst/'masks'/'tile1_part002.png')
    return dst

@needs_data
def test_check_broken(co2s, broken):
    r = co2s('data', 'check', str(broken))
    assert r.returncode == 1
    assert 'tile1_part001.png is 12x10 (WxH) but its image is' in r.stderr
    assert 'tile1_part002.png is an RGB-coloured mask' in r.stderr and '2 error(s)' in r.stderr

def test_check_unknown_name(co2s):
    r = co2s('data', 'check', 'no_such_dataset')
    assert r.returncode == 1 and "unknown dataset 'no_such_dataset'" in r.stderr
