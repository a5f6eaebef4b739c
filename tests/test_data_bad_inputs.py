"""Every bad data input that `co2s data check` (and so `co2s train`'s check before `fit`) must refuse: one message
naming the offending file and the fix, exit code 1, no traceback. Each case breaks one thing in a small good folder."""
import json
from pathlib import Path
import numpy as np
import pytest
from PIL import Image
from co2s.cli import main

def _good(root:Path, n:int=8)->Path:
    "A valid folder dataset: `n` 16x16 RGB PNGs, 3-class masks, classes.json."
    rng = np.random.default_rng(0)
    (root/'images').mkdir(parents=True); (root/'masks').mkdir()
    (root/'classes.json').write_text(json.dumps([{'index': k, 'name': f'c{k}', 'color': [k, k, k]} for k in range(3)]))
    for i in range(n):
        Image.fromarray(rng.integers(0, 256, (16, 16, 3), dtype=np.uint8)).save(root/'images'/f'a{i}.png')
        Image.fromarray(rng.integers(0, 3, (16, 16), dtype=np.uint8)).save(root/'masks'/f'a{i}.png')
    return root

def _truncate(p:Path): b = p.read_bytes(); p.write_bytes(b[:len(b)//2])

def truncated_png(r):  _truncate(r/'images'/'a1.png'); return 'images/a1.png'
def truncated_jpeg(r):
    (r/'images'/'a1.png').unlink(); Image.fromarray(np.full((64, 64, 3), 90, np.uint8)).save(r/'images'/'a1.jpg', quality=95)
    Image.fromarray(np.zeros((64, 64), np.uint8)).save(r/'masks'/'a1.png'); _truncate(r/'images'/'a1.jpg'); return 'images/a1.jpg'
def truncated_geotiff(r):
    (r/'images'/'a1.png').unlink(); Image.fromarray(np.full((16, 16, 3), 90, np.uint8)).save(r/'images'/'a1.tif')
    _truncate(r/'images'/'a1.tif'); return 'images/a1.tif'
def not_an_image(r):   (r/'images'/'a2.png').write_text('hello'); return 'images/a2.png'
def size_mismatch(r):  Image.fromarray(np.zeros((10, 12), np.uint8)).save(r/'masks'/'a1.png'); return 'masks/a1.png'
def class_too_big(r):  Image.fromarray(np.full((16, 16), 7, np.uint8)).save(r/'masks'/'a1.png'); return 'masks/a1.png'
def rgb_mask(r):       Image.fromarray(np.full((16, 16, 3), (1, 2, 3), np.uint8)).save(r/'masks'/'a1.png'); return 'masks/a1.png'
def float_image(r):
    (r/'images'/'a1.png').unlink(); Image.fromarray(np.zeros((16, 16), np.float32)).save(r/'images'/'a1.tif'); return 'images/a1.tif'
def _classes(r, rows): (r/'classes.json').write_text(json.dumps(rows)); return 'classes.json'
def class_no_name(r):  return _classes(r, [{'index': 0, 'color': [0, 0, 0]}, {'index': 1, 'name': 'b', 'color': [1, 1, 1]}])
def class_bad_color(r): return _classes(r, [{'index': 0, 'name': 'a', 'color': '#ff0000'}])
def class_gap(r):      return _classes(r, [{'index': 0, 'name': 'a', 'color': [0, 0, 0]}, {'index': 2, 'name': 'b', 'color': [1, 1, 1]}])
def classes_not_json(r): (r/'classes.json').write_text('[{"index": 0, "name": "a",]'); return 'classes.json'
def classes_missing(r): (r/'classes.json').unlink(); return 'classes.json'
def _splits(r, val, lab, unl):
    (r/'splits'/'1_4').mkdir(parents=True)
    for f, ids in (('val.txt', val), ('1_4/labeled.txt', lab), ('1_4/unlabeled.txt', unl)):
        (r/'splits'/f).write_text(''.join(f'images/a{i}.png masks/a{i}.png\n' for i in ids))
def split_names_missing_file(r): _splits(r, [0, 9], [1], [2, 3]); return 'splits/val.txt'
def split_overlap(r):  _splits(r, [0, 1], [1], [2, 3]); return 'images/a1.png'
def split_without_val(r): _splits(r, [0], [1], [2, 3]); (r/'splits'/'val.txt').unlink(); return 'splits'

CASES = [  # case, the fix its message must give
    (truncated_png, 'replace or remove it'), (truncated_jpeg, 'replace or remove it'),
    (truncated_geotiff, 'complete GeoTIFF or re-export it'), (not_an_image, 'replace or remove it'),
    (size_mismatch, 'must match their image pixel for pixel'), (class_too_big, 'add the classes to classes.json'),
    (rgb_mask, 'rgb_to_index'), (float_image, 'rescale it to 8-bit'),
    (class_no_name, 'add "name"'), (class_bad_color, 'give "color": [r, g, b]'), (class_gap, '0..K-1 without gaps'),
    (classes_not_json, 'fix that line'), (classes_missing, 'write a JSON list'),
    (split_names_missing_file, 'fix the line or add the file'), (split_overlap, 'remove them from one of the split files'),
    (split_without_val, 'co2s data split'),
]

@pytest.mark.parametrize('case,fix', CASES, ids=[c.__name__ for c, _ in CASES])
def test_bad_input_named_with_fix(tmp_path, capsys, case, fix):
    root = _good(tmp_path/'ds'); bad = case(root)
    rc = main(['data', 'check', str(root), '--labeled', '1_4'])
    err = capsys.readouterr().err
    assert rc == 1 and 'Traceback' not in err, err
    assert str(root/bad) in err, f'{case.__name__}: the message does not name {root/bad}:\n{err}'
    assert fix in err, f'{case.__name__}: no fix ({fix!r}) in:\n{err}'

def test_good_folder_passes(tmp_path, capsys):
    assert main(['data', 'check', str(_good(tmp_path/'ds')), '--labeled', '1_4']) == 0, capsys.readouterr().err
