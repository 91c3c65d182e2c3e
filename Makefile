# newsarchive — the commands a developer needs. `make help` lists them.
GO      ?= go
PKGS    := ./...
FUZZTIME ?= 8s
# Every fuzz target, as package:target; `make fuzz` runs each for FUZZTIME.
FUZZ_TARGETS := ./scraper/pangea:FuzzParse ./scraper/discover:FuzzParseSitemap ./scraper/discover:FuzzParseRSS \
	./search:FuzzParseValues ./indexer/entities:FuzzExtract

.PHONY: help build demo test test-short vet fmt fuzz load bench clean

help:
	@grep -E '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

build: ## build the static binary ./newsarchive
	CGO_ENABLED=0 $(GO) build -trimpath -o newsarchive ./cmd/newsarchive

demo: ## run the whole pipeline on the built-in sample site, then serve the UI
	$(GO) run ./cmd/newsarchive demo

test: vet ## the whole test suite, as CI runs it (race detector on)
	$(GO) test -race -timeout 20m $(PKGS)

test-short: ## the quick tests only
	$(GO) test -short $(PKGS)

vet: ## gofmt check and go vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || (gofmt -l . && echo "gofmt: files above need formatting" && exit 1)
	$(GO) vet $(PKGS)

fuzz: ## run every fuzz target for FUZZTIME each (default 8s; try FUZZTIME=5m); a crasher fails and is kept in testdata/fuzz (new inputs are minimised for at most 2 s, so short runs spend their time fuzzing)
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$pkg $$name ($(FUZZTIME))"; \
		$(GO) test -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=2s $$pkg; \
	done

fmt: ## format the code
	gofmt -w $$(git ls-files '*.go')

N        ?= 100000
CLIENTS  ?= 32
DURATION ?= 60s
HOSTILE  ?= 0
load: build ## load test: an N-article archive (default 100000), CLIENTS clients (32) and HOSTILE clients of expensive queries (0) for DURATION (60s) while a scrape indexes; prints the report
	@mkdir -p load-out
	$(GO) run ./cmd/newsarchive-load -bin ./newsarchive -dir load-out -n $(N) -clients $(CLIENTS) -hostile $(HOSTILE) -duration $(DURATION) -json load-out/load-$(N).json

bench: ## measure at archive scale: N generated articles (default 100000; try N=1000000), vs plain Bleve
	@mkdir -p bench-out
	$(GO) run ./cmd/newsarchive-bench -n $(N) -json bench-out/bench-$(N).json

clean:
	rm -rf newsarchive data bench-out load-out
