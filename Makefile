# mfa-guard: `make help` lists the targets. Every target but the deploy family runs offline.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED := true
export DENO_NO_UPDATE_CHECK := 1

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

.PHONY: help install check test

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: node_modules/.package-lock.json ## Install the dependencies (npm ci) when they are missing or stale

check: install ## Type-check src/, scripts/ and test/ with tsc and with Deno
	npx tsc -p .
	npx deno check --quiet --node-modules-dir=manual src scripts test

test: check ## Type-check, then run every test suite (Node, and the core under Deno)
	npx tsx test/run.ts
