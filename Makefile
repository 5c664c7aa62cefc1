# Two commands on a fresh machine:
#   make maps   -> installs afmap in .venv and renders the default maps into output/
#   make test   -> installs afmap with its test tools (and Chromium and GDAL's ogrinfo if missing)
#                  and runs every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: maps test lint install system chromium gdal axe bench screenshots clean

$(BIN)/afmap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/afmap

maps: install
	$(BIN)/afmap render
	$(BIN)/afmap render --year 1988
	$(BIN)/afmap render --year 1998
	$(BIN)/afmap render --year 2021

# Debian's chromium (the browser tests) and gdal-bin (ogrinfo, which tests/test_gis.py opens
# the GeoPackages with: GDAL 3.6 on bookworm), installed in one apt run where missing
system:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v ogrinfo >/dev/null 2>&1 || missing="$$missing gdal-bin"; \
	[ -z "$$missing" ] || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $$missing; }

chromium gdal: system

lint: install
	$(BIN)/ruff check src tests benchmarks scripts

# axe-core for the browser tests' accessibility checks (package.json, package-lock.json)
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

axe: $(AXE)

test: install system axe lint
	$(BIN)/python -m pytest -n 2

bench: install chromium
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_claims.py
	$(BIN)/python benchmarks/bench_scale.py

screenshots: install chromium axe
	$(BIN)/python scripts/screenshots.py
	$(BIN)/afmap stats --format png --out docs/stats.png
	$(BIN)/afmap render --year 1998 --format png --out docs/static-1998.png

clean:
	rm -rf $(VENV) output/*.html output/*.png output/*.svg
