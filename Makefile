# ttemu: one entry point. `make` builds build/ttemu; see README.md.
#
# Sources are found by wildcard: a new .c file in a source directory is part
# of libttemu.a without touching this file. emu/cli/main.c is the CLI's main().
# BUILD=dir puts every output elsewhere (parallel developers, SAN builds).

SAN ?= 0
ifeq ($(SAN),1)
BUILD ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
SANFLAGS =
endif

CC      ?= cc
OPT     ?= -O2
PKGS     = libelf capstone yaml-0.1 cairo
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  += -std=c11 $(OPT) -g -Wall -Wextra -Werror -D_GNU_SOURCE -I. $(SANFLAGS) $(PKG_CFLAGS)
LDLIBS  += $(PKG_LIBS) -lm
LDFLAGS += $(SANFLAGS)

SRC_DIRS = emu emu/board emu/power emu/gdb emu/cli isa devices traces models/runtime models/tflite models/gen
LIB_SRCS = $(filter-out emu/cli/main.c,$(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c)))
LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
# mk/*.mk fragments may append generated objects (e.g. embedded board files).
EXTRA_LIB_OBJS =
LIB      = $(BUILD)/libttemu.a
TTEMU    = $(BUILD)/ttemu

UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps check unit-check firmware demo bench fuzz-isa install clean
all: $(TTEMU)

# Each area adds its own rules here (firmware images, embedded data, fuzzers);
# included before the library rule so fragments can add to EXTRA_LIB_OBJS.
include $(wildcard mk/*.mk)

# Installs missing Debian packages; a no-op (a few dpkg queries) when all are present.
deps:
	@bash scripts/install-deps.sh

$(BUILD)/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJS) $(EXTRA_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(TTEMU): $(BUILD)/obj/emu/cli/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Each unit test is one cmocka binary linked against the library.
$(BUILD)/tests/%: tests/unit/%.c $(LIB) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags cmocka) -MMD -MP -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

unit-check: $(UNIT_BINS)
	@bash tests/run-unit.sh $(UNIT_BINS)


check: $(TTEMU) unit-check firmware
	@bash tests/run-all.sh $(BUILD)

demo: $(TTEMU) firmware
	@bash scripts/demo.sh $(BUILD)

bench: $(TTEMU) firmware
	@bash scripts/bench.sh $(BUILD)

install: $(TTEMU)
	install -D -m 755 $(TTEMU) $(DESTDIR)$(or $(PREFIX),/usr/local)/bin/ttemu
	install -D -m 644 docs/ttemu.1 $(DESTDIR)$(or $(PREFIX),/usr/local)/share/man/man1/ttemu.1

clean:
	rm -rf build build-san

-include $(LIB_OBJS:.o=.d) $(BUILD)/obj/emu/cli/main.d $(UNIT_BINS:=.d)
