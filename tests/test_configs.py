"Every shipped config loads into an `ExpCfg` (unknown keys and bad values would raise `Co2SInputError`)."
from pathlib import Path
import pytest
from co2s.train import load_cfg, ExpCfg

CONFIGS = sorted((Path(__file__).resolve().parents[1]/'configs').glob('*.yaml'))

@pytest.mark.parametrize('path', CONFIGS, ids=[p.name for p in CONFIGS])
def test_config_loads(path): assert isinstance(load_cfg(path), ExpCfg)

def test_tiny_dubai_is_a_cpu_demo():
    c = load_cfg(Path(__file__).resolve().parents[1]/'configs'/'tiny-dubai.yaml')
    assert (c.method, c.model, c.data.dataset) == ('co2s', 'tiny', 'dubai_aerial') and c.steps <= 500
