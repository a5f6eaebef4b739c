"""co2s imports and trains where only PyTorch, timm, open_clip and the basics are installed (a lent GPU machine):
rasterio, papermill, ipywidgets and leafmap stay lazy imports of the functions that need them."""
import os, sys, json, subprocess
from pathlib import Path
from co2s.core import synth_folder

from test_engine_cli import write_cfg

BLOCKED = ('rasterio', 'papermill', 'ipywidgets', 'leafmap')
PROG = '''
import sys, importlib.abc
BLOCKED = set(sys.argv[1].split(','))
class Missing(importlib.abc.MetaPathFinder):
    "As if these packages were not installed."
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in BLOCKED: raise ModuleNotFoundError(f'No module named {name!r}', name=name)
sys.meta_path.insert(0, Missing())
import co2s.engine, co2s.train, co2s.segmenter, co2s.infer, co2s.predict, co2s.cli
from co2s.train import load_cfg
rd = co2s.engine.run(load_cfg(sys.argv[2], ['steps=2', 'run_dir=' + sys.argv[3]]), progress=False)
print('loaded:', sorted(m for m in sys.modules if m.split('.')[0] in BLOCKED))
'''

def test_trains_without_optional_packages(tmp_path):
    data = synth_folder(tmp_path/'data', n=12, size=32)
    cfg = write_cfg(tmp_path/'c.yaml', data, eval_every=1)
    r = subprocess.run([sys.executable, '-c', PROG, ','.join(BLOCKED), str(cfg), str(tmp_path/'run')],
                       env={**os.environ, 'OMP_NUM_THREADS': '1', 'HF_HUB_OFFLINE': '1'}, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    assert 'loaded: []' in r.stdout
    rep = json.loads((tmp_path/'run'/'report.json').read_text())
    assert rep['steps'] == 2 and rep['last']['step'] == 2
