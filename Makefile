# The two commands of the README. Both work as root on a fresh Debian machine.
.PHONY: run test lint bench

run:
	@bash scripts/run.sh

test:
	@bash scripts/bootstrap.sh test
	@.venv/bin/pytest -n 2

lint:
	@.venv/bin/ruff check src tests bench
	@.venv/bin/ruff format --check src tests bench

bench:
	@.venv/bin/python bench/run.py --scale district
