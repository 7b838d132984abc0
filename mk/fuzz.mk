# Coverage-guided fuzzers (libFuzzer, Debian's clang) for every parser entry
# point; every sanitizer finding is fatal (-fno-sanitize-recover=all).
#
#   make fuzz                 each target for FUZZ_TIME seconds (default 30)
#   make fuzz-build           the targets only, in $(FUZZ_BUILD)/fuzz/
#   make FUZZ_TIME=3600 fuzz  a long run (docs/fuzzing.md has the figures)
#
# The library is rebuilt with clang into $(FUZZ_BUILD) (instrumented for
# coverage, ASan+UBSan); each tests/fuzz/fuzz_NAME.c is one target, seeded
# from tests/fuzz/corpus/NAME (small, from the project's own files) plus
# what earlier runs found ($(FUZZ_BUILD)/fuzz/corpus-NAME, never committed).
# Crashes land in $(FUZZ_BUILD)/fuzz/crash-NAME-*; each one fixed becomes a
# file in tests/fuzz/regress/NAME/, which tests/suites/35-fuzz-regress.sh
# runs through ttemu on every make check.

FUZZ_BUILD   ?= build-fuzz
FUZZ_TIME    ?= 30
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_TARGETS  = elf bin board tflite ttm trace gdb
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz/fuzz_%)
FUZZ_LIB      = $(FUZZ_BUILD)/libttemu.a
# the commands print a lot: libFuzzer keeps its own stderr for reports
FUZZ_FLAGS_trace = -close_fd_mask=3

.PHONY: fuzz fuzz-build fuzz-seeds
ifneq ($(BUILD),$(FUZZ_BUILD))
.PHONY: $(FUZZ_LIB)
endif
fuzz-build: $(FUZZ_BINS)

# A sub-make so the instrumented objects never mix with build/ (inside it
# BUILD is FUZZ_BUILD and the top Makefile's library rule applies).
ifneq ($(BUILD),$(FUZZ_BUILD))
$(FUZZ_LIB):
	+$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang OPT=-O1 \
	    SANFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" $(FUZZ_LIB)
endif

$(FUZZ_BUILD)/fuzz/fuzz_tflite: tests/fuzz/tflite_fuzz.c tests/fuzz/tflite_common.h $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	clang -std=c11 -O1 -g -D_GNU_SOURCE -I. -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< $(FUZZ_LIB) $(PKG_LIBS) -lm

$(FUZZ_BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/tflite_common.h $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	clang -std=c11 -O1 -g -D_GNU_SOURCE -I. $(PKG_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< $(FUZZ_LIB) \
	    $(PKG_LIBS) -lm

# One target after another, each for FUZZ_TIME seconds; the executions
# reached go to $(FUZZ_BUILD)/fuzz/NAME.log (last line "Done N runs").
fuzz: $(FUZZ_BINS) fuzz-seeds
	@$(foreach t,$(FUZZ_TARGETS),echo '$(call fuzz_dirs,$(t))' >$(FUZZ_BUILD)/fuzz/$(t).dirs;)
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/fuzz/corpus-$$t; \
	  echo "fuzz $$t: $(FUZZ_TIME) s"; \
	  $(FUZZ_BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	      -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/fuzz/crash-$$t- $(FUZZ_FLAGS_$$t) \
	      $$(cat $(FUZZ_BUILD)/fuzz/$$t.dirs) >$(FUZZ_BUILD)/fuzz/$$t.log 2>&1 \
	    || { tail -40 $(FUZZ_BUILD)/fuzz/$$t.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units' $(FUZZ_BUILD)/fuzz/$$t.log; \
	done
