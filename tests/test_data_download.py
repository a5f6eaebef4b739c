"`co2s data download` without network, and from a local mirror laid out like the source."
import os
from pathlib import Path
import numpy as np
import pytest

DATA = Path(os.environ.get('CO2S_DATA', Path(__file__).resolve().parents[2]/'shared'/'data'))
needs_data = pytest.mark.skipif(not (DATA/'kampala_buildings').is_dir(), reason='set CO2S_DATA to the shared sample data')

def test_unreachable_host(tmp_path, capsys):
    "A closed local port stands for an unreachable host: one clear line, no traceback, no destination left."
    from co2s.cli import main
    rc = main(['data', 'download', 'dubai_aerial', '--dest', str(tmp_path/'d'), '--mirror', 'http://127.0.0.1:9/'])
    err = capsys.readouterr().err
    assert rc == 1 and 'Traceback' not in err and 'URLError' not in err
    assert 'cannot reach 127.0.0.1:9' in err and 'http://127.0.0.1:9/Tile%201/images/image_part_001.jpg' in err
    assert str(tmp_path/'d') in err and '$CO2S_DATA' in err and '--mirror' in err
    assert list(tmp_path.iterdir()) == []

@needs_data
def test_kampala_from_local_mirror(tmp_path, capsys):
    "A folder laid out like fAIr-utilities' ramp-data (links to the shared sample) downloads, checks and loads."
    import rasterio
    from co2s.cli import main
    from co2s.data import load_split
    from co2s.download import kampala_files, _KAMPALA_BASE
    src = DATA/'kampala_buildings'; mirror = tmp_path/'mirror'
    for rel, url, kind, _ in kampala_files():
        p = mirror/url[len(_KAMPALA_BASE) + 1:]; p.parent.mkdir(parents=True, exist_ok=True)
        p.symlink_to(src/rel)
    rc = main(['data', 'download', 'kampala_buildings', '--dest', str(tmp_path/'k'), '--mirror', str(mirror)])
    assert rc == 0, capsys.readouterr().err
    out = tmp_path/'k'
    for rel in ('images/z21_1238424_1046544.tif', 'images/z21_1238452_1046528.tif'):
        assert (out/rel).read_bytes() == (src/rel).read_bytes()
    with rasterio.open(out/'masks/z21_1238424_1046544.tif') as a, rasterio.open(src/'masks/z21_1238424_1046544.tif') as b:
        assert np.array_equal(a.read(), b.read()) and a.crs == b.crs and a.transform == b.transform and a.nodata == 255
    info, sp = load_split('kampala_buildings', '1_8', root=out)
    assert sp.counts() == dict(labeled=12, unlabeled=84, val=16, test=0)       # by-block hold-out from tiles.csv

@needs_data
def test_checksum_mismatch_is_caught(tmp_path, capsys):
    "A damaged file in the mirror is refused by its checksum, naming the URL."
    from co2s.cli import main
    from co2s.download import kampala_files, _KAMPALA_BASE
    rel, url, _, _ = kampala_files()[0]; mirror = tmp_path/'mirror'
    for r, u, _, _ in kampala_files()[:2]:
        p = mirror/u[len(_KAMPALA_BASE) + 1:]; p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes((DATA/'kampala_buildings'/r).read_bytes())
    p = mirror/url[len(_KAMPALA_BASE) + 1:]; p.write_bytes(p.read_bytes()[:-10] + b'0123456789')
    assert main(['data', 'download', 'kampala_buildings', '--dest', str(tmp_path/'k'), '--mirror', str(mirror)]) == 1
    err = capsys.readouterr().err
    assert 'checksum mismatch for file://' in err and 'OAM-1238424-1046544-21.tif' in err and not (tmp_path/'k').exists()
