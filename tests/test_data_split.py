"`co2s data split`: seeded split files in the published format for a folder dataset, and the splits it feeds."
import json, shutil
from pathlib import Path
import numpy as np
import pytest
from PIL import Image
from co2s.cli import main

def _folder(root:Path, n:int=20, nomask=(19,))->Path:
    "A folder dataset of `n` tiny synthetic RGB PNGs with class-index masks (none for the images in `nomask`)."
    rng = np.random.default_rng(0)
    (root/'images').mkdir(parents=True); (root/'masks').mkdir()
    (root/'classes.json').write_text(json.dumps([{'index': 0, 'name': 'land', 'color': [0, 0, 0]},
                                                 {'index': 1, 'name': 'water', 'color': [0, 0, 255], 'concepts': ['lake', 'sea']}]))
    for i in range(n):
        Image.fromarray(rng.integers(0, 256, (16, 16, 3), dtype=np.uint8)).save(root/'images'/f'a{i:02d}.png')
        if i not in nomask: Image.fromarray(rng.integers(0, 2, (16, 16), dtype=np.uint8)).save(root/'masks'/f'a{i:02d}.png')
    return root

def _run(capsys, *args):
    rc = main(list(args)); out = capsys.readouterr(); return rc, out.out, out.err

def test_split_writes_published_format(tmp_path, capsys):
    f = _folder(tmp_path/'mine')
    rc, out, err = _run(capsys, 'data', 'split', str(f), '--labeled', '1_8', '1_4', '--val', '0.1', '--test', '0.1', '--seed', '0')
    assert rc == 0, err
    assert sorted(p.relative_to(f/'splits').as_posix() for p in (f/'splits').rglob('*')) == \
        ['1_4', '1_4/labeled.txt', '1_4/unlabeled.txt', '1_8', '1_8/labeled.txt', '1_8/unlabeled.txt', 'test.txt', 'val.txt']
    assert "1_4: {'labeled': 4, 'unlabeled': 12, 'val': 2, 'test': 2}" in out
    line = (f/'splits'/'val.txt').read_text().splitlines()[0].split()
    assert line[0].startswith('images/') and line[1].startswith('masks/') and (f/line[0]).is_file()
    assert 'images/a19.png\n' in (f/'splits'/'1_4'/'unlabeled.txt').read_text()    # no mask: unlabelled, never val/test
    rc, out, err = _run(capsys, 'data', 'check', str(f), '--labeled', '1_4')
    assert rc == 0, err
    assert "'test': 2" in out and 'leakage: ok' in out

def test_split_is_seeded_and_never_overwrites(tmp_path, capsys):
    a, b = _folder(tmp_path/'a'), _folder(tmp_path/'b')
    for f in (a, b): assert _run(capsys, 'data', 'split', str(f), '--seed', '3')[0] == 0
    for rel in ('val.txt', 'test.txt', '1_4/labeled.txt'): assert (a/'splits'/rel).read_text() == (b/'splits'/rel).read_text()
    before = (a/'splits'/'val.txt').read_text()
    rc, _, err = _run(capsys, 'data', 'split', str(a), '--seed', '4')
    assert rc == 1 and 'splits already exists; pass --force' in err and (a/'splits'/'val.txt').read_text() == before
    assert _run(capsys, 'data', 'split', str(a), '--seed', '4', '--force')[0] == 0
    assert (a/'splits'/'val.txt').read_text() != before and not list(a.glob('.splits*'))

def test_missing_fraction_keeps_held_out_images_out(tmp_path):
    "splits/ with only 1_4 asked for 1_8: the user's val/test stay, and no val/test image enters the generated split."
    from co2s.data import load_split
    f = _folder(tmp_path/'mine')
    assert main(['data', 'split', str(f), '--labeled', '1_4', '--val', '0.25', '--test', '0.1']) == 0
    _, s4 = load_split(str(f), '1_4'); _, s8 = load_split(str(f), '1_8')
    held = {it.id for it in s4.val + s4.test}
    assert [it.id for it in s8.val] == [it.id for it in s4.val] and [it.id for it in s8.test] == [it.id for it in s4.test]
    assert not held & {it.id for it in s8.labeled + s8.unlabeled}
    assert len(s8.labeled) == 2 and s8.counts()['unlabeled'] == 20 - len(held) - 2

@pytest.mark.parametrize('args,msg', [(['--val', '0.6', '--test', '0.5'], 'sum below 1'),
                                      (['--labeled', '1/x'], "is not of the form '1_N'")])
def test_split_bad_arguments(tmp_path, capsys, args, msg):
    rc, _, err = _run(capsys, 'data', 'split', str(_folder(tmp_path/'m', n=4)), *args)
    assert rc == 1 and msg in err and not (tmp_path/'m'/'splits').exists()
