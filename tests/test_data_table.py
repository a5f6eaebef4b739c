"`co2s table` on runs without a test split (a custom folder split 10 % val only) shows val, marked as val."
import json
from co2s.cli import main

def _run(d, seed, val, test=None):
    d.mkdir(parents=True)
    (d/'metrics.json').write_text(json.dumps(dict(dataset='mine', labeled='1_4', method='co2s', preset='tiny', seed=seed,
        val={'clip': {'miou': val}, 'dino': {'miou': val - .1}, 'fused': {'miou': val + .1}}, test=test or {})))

def test_table_shows_val_when_no_test(tmp_path, capsys):
    _run(tmp_path/'r0', 0, .5); _run(tmp_path/'r1', 1, .7)
    assert main(['table', str(tmp_path), '--csv']) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0] == 'dataset,labeled,method,preset,seeds,clip,dino,fused,paper'
    assert out[1] == 'mine,1_4,co2s,tiny,2,60.0 ± 14.1 (val),50.0 ± 14.1 (val),70.0 ± 14.1 (val),-'

def test_table_prefers_test(tmp_path, capsys):
    _run(tmp_path/'r0', 0, .5, test={'clip': {'miou': .3}})
    assert main(['table', str(tmp_path), '--csv']) == 0
    row = capsys.readouterr().out.strip().splitlines()[1].split(',')
    assert row[5:8] == ['30.0', '40.0 (val)', '60.0 (val)']          # test where there is one; val, marked, elsewhere
    assert main(['table', str(tmp_path), '--csv', '--split', 'val']) == 0
    assert capsys.readouterr().out.strip().splitlines()[1].split(',')[5] == '50.0'   # asked for val: no mark
