"`co2s predict` / `co2s eval` end to end on a tiny run directory: tiled == untiled, GeoTIFF grid kept."
import os, json
from pathlib import Path
import numpy as np, pytest, torch, rasterio
from rasterio.windows import Window
from PIL import Image
from co2s.core import atomic_torch_save, set_seed
from co2s.predict import build_model, load_cfg, run_info, run_model_cfg, load_run, predict_main, eval_main

DATA = Path(os.environ.get('CO2S_DATA', Path(__file__).resolve().parents[2]/'shared/data'))
KAMPALA = DATA/'kampala_buildings'
pytestmark = pytest.mark.skipif(not KAMPALA.is_dir(), reason='needs $CO2S_DATA/kampala_buildings')
os.environ.setdefault('HF_HUB_OFFLINE', '1')

@pytest.fixture(scope='module')
def run_dir(tmp_path_factory):
    "A run directory as `co2s train` leaves it: config.yaml and ckpt/last.pt of the tiny preset (random weights)."
    run = tmp_path_factory.mktemp('run')
    (run/'config.yaml').write_text(f'model: tiny\ndata:\n  dataset: kampala_buildings\n  root: {KAMPALA}\n  crop: 64\n  eval_size: 64\n')
    cfg = load_cfg(run/'config.yaml'); info = run_info(cfg.data)
    set_seed(0); models = build_model(run_model_cfg(cfg), info.n_cls, vocab=info.vocab)
    atomic_torch_save(dict(it=1, models=models.state_dict()), run/'ckpt/last.pt')
    return run

@pytest.fixture(scope='module')
def mosaic(tmp_path_factory):
    "200x160 px straddling two adjacent Kampala chips, as one GeoTIFF on their common grid (bigger than a 64-px tile)."
    with rasterio.open(KAMPALA/'images/z21_1238424_1046544.tif') as a, rasterio.open(KAMPALA/'images/z21_1238425_1046544.tif') as b:
        img, prof = np.concatenate([a.read(), b.read()], 2)[:, 48:208, 156:356], a.profile   # b is east of a
    prof.update(width=200, height=160, transform=rasterio.windows.transform(Window(156, 48, 200, 160), prof['transform']))
    path = tmp_path_factory.mktemp('in')/'mosaic.tif'
    with rasterio.open(path, 'w', **prof) as dst: dst.write(img)
    return path

def test_tiled_equals_untiled_and_keeps_grid(run_dir, mosaic, tmp_path):
    for out, tile in (('tiled', '110'), ('whole', '4096')):   # one student keeps it short; fused tiling is tested in 06c
        assert predict_main([str(run_dir), str(mosaic), '--out', str(tmp_path/out), '--tile', tile, '--which', 'dino', '--device', 'cpu']) == 0
    with rasterio.open(mosaic) as a, rasterio.open(tmp_path/'tiled/mosaic.tif') as b, rasterio.open(tmp_path/'whole/mosaic.tif') as c:
        assert (b.crs, b.transform, b.shape) == (a.crs, a.transform, a.shape)
        assert b.crs.to_epsg() == 4326
        np.testing.assert_array_equal(b.read(1), c.read(1))
        assert set(np.unique(b.read(1))) <= {0, 1}

def test_png_in_png_out(run_dir, tmp_path):
    "A plain image (no georeference) gives the raw index PNG and the palette PNG."
    with rasterio.open(sorted((KAMPALA/'images').glob('*.tif'))[0]) as src: img = src.read()[:, :100, :120].transpose(1, 2, 0)
    Image.fromarray(img).save(tmp_path/'chip.png')
    assert predict_main([str(run_dir), str(tmp_path/'chip.png'), '--out', str(tmp_path/'out'), '--which', 'dino', '--device', 'cpu']) == 0
    cls, col = (np.array(Image.open(tmp_path/f'out/chip_{s}.png')) for s in ('classes', 'color'))
    assert cls.shape == (100, 120) and col.shape == (100, 120, 3) and set(np.unique(cls)) <= {0, 1}

def test_bad_inputs_give_messages(run_dir, tmp_path, capsys):
    assert predict_main([str(run_dir), str(tmp_path/'missing.tif'), '--out', str(tmp_path), '--device', 'cpu']) == 2
    assert 'missing.tif' in capsys.readouterr().err
    assert predict_main([str(run_dir), str(sorted((KAMPALA/'images').glob('*.tif'))[0]), '--out', str(tmp_path), '--which', 'rgb']) == 2
    assert "'rgb'" in capsys.readouterr().err
    assert eval_main([str(tmp_path)]) == 2

def test_load_run_restores_weights(run_dir):
    cfg, models, info = load_run(run_dir)
    sd = torch.load(run_dir/'ckpt/last.pt', weights_only=True)['models']
    assert info.name == 'kampala_buildings' and set(models) == {k.split('.', 1)[0] for k in sd}
    for k, v in models.state_dict().items(): assert torch.equal(v, sd[k])

def test_eval_writes_json(run_dir):
    assert eval_main([str(run_dir), '--device', 'cpu']) == 0
    ev = json.loads((run_dir/'eval_val.json').read_text())
    assert (ev['split'], ev['ckpt']) == ('val', 'last') and set(ev['metrics']) == {'clip', 'dino', 'fused', 'fused-mean'}
    assert eval_main([str(run_dir), '--split', 'test']) == 2      # kampala_buildings has no test split
