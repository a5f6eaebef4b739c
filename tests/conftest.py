import os, tempfile
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault('HF_HUB_OFFLINE', '1')
os.environ.setdefault('MPLBACKEND', 'Agg')
os.environ['CO2S_CACHE'] = tempfile.mkdtemp(prefix='co2s-test-cache-')   # tests never write the user's ~/.cache
if 'CO2S_DATA' not in os.environ and (ROOT.parent/'shared'/'data').is_dir():
    os.environ['CO2S_DATA'] = str(ROOT.parent/'shared'/'data')

@pytest.fixture
def root(): return ROOT
