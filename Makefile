# orgplane: `make test` and `make run` each work as the first command on a fresh clone.
SHELL := /usr/bin/env bash
JEST := node --experimental-vm-modules node_modules/jest/bin/jest.js
DATA_DIR ?= .orgplane
PORT ?= 6443

.PHONY: deps build test lint typecheck verify unit integration e2e e2e-console e2e-ha run bench clean etcd

# npm ci, unless this registry mirror lacks other platforms' optional binaries (npm then calls the
# lock "out of sync"); npm install still installs exactly the locked versions.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund || npm install --no-audit --no-fund
	@touch $@

deps: node_modules/.package-lock.json

etcd:
	@hack/ensure-etcd.sh

build: deps
	npx tsc -p tsconfig.build.json
	@chmod +x dist/cmd/orgplane.js
	npx tsx hack/build-console.ts

lint: deps
	npx eslint .
	npx prettier --check .
	npx tsx hack/check-cycles.ts

typecheck: deps
	npx tsc -p tsconfig.json --noEmit
	npx tsc -p console/tsconfig.json --noEmit

verify: deps
	hack/verify-crds.sh

unit: deps
	$(JEST) --selectProjects unit

integration: deps etcd build
	$(JEST) --selectProjects integration --runInBand

e2e: deps etcd build
	$(JEST) --selectProjects e2e --runInBand

# the web console in headless chromium (installed by hack/ensure-chromium.sh when missing)
e2e-console: deps etcd build
	@hack/ensure-chromium.sh
	$(JEST) --selectProjects console --runInBand

e2e-ha: deps etcd build
	$(JEST) --selectProjects ha --runInBand

test: lint typecheck verify unit integration e2e e2e-console e2e-ha

run: build
	./dist/cmd/orgplane.js up --data-dir $(DATA_DIR) --port $(PORT)

# BENCH_FLAGS go to hack/bench-product.ts, e.g. make bench BENCH_FLAGS=--quick (a smoke run).
BENCH_FLAGS ?=
bench: deps etcd build
	npx tsx hack/bench-storage.ts
	npx tsx hack/bench-product.ts $(BENCH_FLAGS)
	npx tsx hack/bench-authz-tree.ts
	npx tsx hack/bench-profile.ts
	npx tsx hack/bench-floor.ts
	npx tsx hack/bench-request-quota.ts
	npx tsx hack/bench-ha.ts
	npx tsx hack/bench-report.ts

clean:
	rm -rf dist coverage $(DATA_DIR)
