#!/usr/bin/env python3
"""Edit one cell of a notebook at a time, atomically and under a file lock (safe when several people edit at once).

  nbcell.py list NB                      # index, id, type and first line of every cell
  nbcell.py get NB ID                    # a cell's source
  nbcell.py set NB ID FILE|-             # replace a cell's source
  nbcell.py add NB AFTER_ID FILE|- [--md] [--tags t1,t2]   # insert a new cell after AFTER_ID ('top' = first); prints its id
  nbcell.py del NB ID                    # remove a cell
The notebook is re-read right before each write, so edits to other cells by others are kept. Run `nbdev_clean` after.
"""
import fcntl, json, os, sys, tempfile, uuid
from pathlib import Path


def _load(p): return json.loads(Path(p).read_text())


def _save(p, nb):
    p = Path(p)
    fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f'.{p.name}.', suffix='.tmp')
    with os.fdopen(fd, 'w') as f: f.write(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    os.chmod(tmp, 0o644); os.replace(tmp, p)


def _src(text): return text.splitlines(keepends=True)


def _read(arg): return sys.stdin.read() if arg == '-' else Path(arg).read_text()


def _find(nb, cid):
    for i, c in enumerate(nb['cells']):
        if c.get('id') == cid: return i
    sys.exit(f'nbcell: no cell with id {cid!r}')


def main(argv):
    if len(argv) < 2: sys.exit(__doc__)
    cmd, nbp, *rest = argv
    if cmd in ('list', 'get'):
        nb = _load(nbp)
        if cmd == 'list':
            for i, c in enumerate(nb['cells']):
                first = ''.join(c['source']).split('\n')[0][:90]
                print(f"{i:3d} {c.get('id', '?'):>10} {c['cell_type'][:2]} {first}")
        else: print(''.join(nb['cells'][_find(nb, rest[0])]['source']), end='')
        return
    text = _read(rest[1]) if cmd in ('set', 'add') else None
    with open(Path(nbp).with_name(f'.{Path(nbp).name}.lock'), 'w') as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        nb = _load(nbp)
        if cmd == 'set': nb['cells'][_find(nb, rest[0])]['source'] = _src(text)
        elif cmd == 'del': del nb['cells'][_find(nb, rest[0])]
        elif cmd == 'add':
            md = '--md' in rest
            tags = rest[rest.index('--tags') + 1].split(',') if '--tags' in rest else []
            cid = uuid.uuid4().hex[:8]
            cell = dict(cell_type='markdown', id=cid, metadata={}, source=_src(text)) if md else \
                dict(cell_type='code', execution_count=None, id=cid, metadata={}, outputs=[], source=_src(text))
            if tags: cell['metadata']['tags'] = tags
            at = 0 if rest[0] == 'top' else _find(nb, rest[0]) + 1
            nb['cells'].insert(at, cell); print(cid)
        else: sys.exit(__doc__)
        _save(nbp, nb)


if __name__ == '__main__': main(sys.argv[1:])
