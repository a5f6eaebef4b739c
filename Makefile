# The two commands of a new user:   make demo   (set up + run the demo experiment)
#                                   make test   (set up + run every test CI runs)
PY      ?= python3.11
VENV    ?= .venv
BIN     := $(VENV)/bin
# Sample data: $CO2S_DATA if set, else ../shared/data beside the checkout if present, else ./data
CO2S_DATA ?= $(shell [ -d ../shared/data ] && cd ../shared/data && pwd || echo $(CURDIR)/data)
export CO2S_DATA
export HF_HUB_OFFLINE ?= 1
export MPLBACKEND ?= Agg

.PHONY: install demo test bench evidence
install: $(VENV)/.installed
$(VENV)/.installed: settings.ini setup.py requirements/constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements/constraints.txt -e '.[dev,maps]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

demo: install
	$(BIN)/co2s data download dubai_aerial --if-missing
	$(BIN)/co2s run quickstart --run-dir runs/demo -p steps 200 -p eval_every 50 -p eval_size 128 -p workers 1

test: install
	PATH=$(CURDIR)/$(BIN):$$PATH bash tools/test.sh

bench: install
	PATH=$(CURDIR)/$(BIN):$$PATH bash benchmarks/run_all.sh

# The README's evidence table: supervised-only, UniMatch and Co2S on dubai_aerial (1/4 labelled, tiny random-init
# students, crop 64), the same 150 steps each, 3 seeds. About 40 minutes on 2 idle CPU cores.
evidence: install
	$(BIN)/co2s run baselines --run-dir runs/evidence -p methods "[supervised, unimatch, co2s]" -p seeds "[0, 1, 2]" \
	    -p steps 150 -p eval_every 75 -p eval_size 128 -p workers 1
	$(BIN)/co2s table runs/evidence --out runs/evidence/table.md
