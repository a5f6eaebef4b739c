#!/usr/bin/env bash
# Everything CI checks, in order. Run through `make test` (which installs first).
set -uo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 MPLBACKEND=Agg PYTHONHASHSEED=0 TOKENIZERS_PARALLELISM=false
export CO2S_CACHE="${CO2S_CACHE:-$(mktemp -d)}"   # text-embedding cache of the tests: never the user's
fail=0
snap() { find co2s nbs -type f \( -name '*.py' -o -name '*.ipynb' \) -not -path '*/.ipynb_checkpoints/*' -print0 | sort -z | xargs -0 md5sum; }

echo "== 1/3 nbdev_export and nbdev_clean change nothing"
before=$(snap); nbdev_export && nbdev_clean; after=$(snap)
if [ "$before" != "$after" ]; then
  echo "FAIL: nbdev_export/nbdev_clean changed these files (run them and commit):"
  diff <(echo "$before") <(echo "$after") | grep '^[<>]' | awk '{print "  " $3}' | sort -u
  fail=1
fi

echo "== 2/3 nbdev_test on every component notebook (slow cells included; experiments run under pytest)"
nbdev_test --flags slow --n_workers 2 --skip_folder_re '^(_|\.|experiments)' --timing || fail=1

echo "== 3/3 pytest tests/"
python -m pytest tests/ -q -p no:cacheprovider --durations=12; rc=$?
[ $rc -eq 5 ] && { echo "FAIL: pytest collected no tests"; rc=1; }
[ $rc -ne 0 ] && fail=1
[ $fail -eq 0 ] || echo "FAILED: see the sections above"
exit $fail
