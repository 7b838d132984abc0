# The board test firmware: firmware/boardtest/boardtest.c on the board
# support packages of ttemu's boards (firmware/bsp/common + firmware/bsp/BOARD).
#
#   make BUILD=dir boardfw      (also part of `make firmware`)
#
# Outputs: $(BUILD)/firmware/boards/BOARD/boardtest.elf, .bin, .map
# The core flags of each board follow its YAML core (soft float: the test is
# integer code and needs no FPU).

BFW_BOARDS = spresense coralmicro coralusb imx500 mps2-an386 mps2-an500
BFW_OUT    = $(BUILD)/firmware/boards
BFW_CC      ?= arm-none-eabi-gcc
BFW_OBJCOPY ?= arm-none-eabi-objcopy

BFW_ARCH_spresense  = -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
BFW_ARCH_coralmicro = -mcpu=cortex-m7 -mthumb -mfloat-abi=soft
BFW_ARCH_coralusb   = -mcpu=cortex-m7 -mthumb -mfloat-abi=soft
BFW_ARCH_imx500     = -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
BFW_ARCH_mps2-an386 = -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
BFW_ARCH_mps2-an500 = -mcpu=cortex-m7 -mthumb -mfloat-abi=soft

BFW_COMMON  = firmware/bsp/common
BFW_CFLAGS  = -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffunction-sections -fdata-sections
BFW_LDFLAGS = --specs=rdimon.specs -nostartfiles -Wl,--gc-sections
BFW_SRCS    = $(BFW_COMMON)/startup.c firmware/boardtest/boardtest.c

BFW_ELFS = $(BFW_BOARDS:%=$(BFW_OUT)/%/boardtest.elf)

.PHONY: boardfw
boardfw: $(BFW_ELFS) $(BFW_ELFS:.elf=.bin)
firmware: boardfw

$(BFW_OUT)/%/boardtest.bin: $(BFW_OUT)/%/boardtest.elf
	$(BFW_OBJCOPY) -O binary $< $@

# One compile and link rule set per board: the board's directory comes
# first on the include and library paths, so "board.h" and board.ld are its.
define BFW_BOARD_RULES
$(BFW_OUT)/$(1)/obj/%.o: %.c | deps
	@mkdir -p $$(dir $$@)
	$(BFW_CC) $(BFW_ARCH_$(1)) $(BFW_CFLAGS) -Ifirmware/bsp/$(1) -I$(BFW_COMMON) -MMD -MP -c $$< -o $$@

$(BFW_OUT)/$(1)/boardtest.elf: $(BFW_SRCS:%.c=$(BFW_OUT)/$(1)/obj/%.o) firmware/bsp/$(1)/board.ld $(BFW_COMMON)/sections.ld
	$(BFW_CC) $(BFW_ARCH_$(1)) $(BFW_LDFLAGS) -Lfirmware/bsp/$(1) -L$(BFW_COMMON) -Tboard.ld \
	    -Wl,-Map=$$(@:.elf=.map) -o $$@ $(BFW_SRCS:%.c=$(BFW_OUT)/$(1)/obj/%.o)

-include $(BFW_SRCS:%.c=$(BFW_OUT)/$(1)/obj/%.d)
endef

$(foreach b,$(BFW_BOARDS),$(eval $(call BFW_BOARD_RULES,$(b))))
