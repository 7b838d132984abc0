# The TinyTracker application (firmware/app) on every board's support
# package (firmware/bsp/common + firmware/bsp/BOARD), in two kernel builds:
#
#   $(BUILD)/firmware/BOARD/tinytracker.elf, .bin       KERNELS=opt (-DTT_KERNELS_OPT)
#   $(BUILD)/firmware/BOARD/tinytracker-ref.elf, .bin   KERNELS=ref (reference C)
#
# models/runtime is compiled into each (portable C). A board links
# firmware/bsp/BOARD/accel.c when that file exists, else common/accel_none.c.
# The model partition (.model) holds the built-in synthetic TinyTracker as
# a .ttm made by `ttemu model convert tinytracker`, padded to
# APP_MODEL_KB_BOARD KiB so `ttemu run --model` can place a bigger model.
# On the Coral boards the partition lives in SDRAM, far from the code, so
# their .bin holds the code alone (-R .model): run the .elf there.

APP_BOARDS = spresense coralmicro coralusb imx500 mps2-an386 mps2-an500
APP_OUT    = $(BUILD)/firmware
APP_CC      ?= arm-none-eabi-gcc
APP_OBJCOPY ?= arm-none-eabi-objcopy
APP_TTM    = $(APP_OUT)/app/tinytracker.ttm

# Hard float where the core has an FPU (the M4F and the M7 all do here).
APP_ARCH_spresense  = -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
APP_ARCH_coralmicro = -mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16
APP_ARCH_coralusb   = -mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16
APP_ARCH_imx500     = -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
APP_ARCH_mps2-an386 = -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
APP_ARCH_mps2-an500 = -mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16

# Model partition sizes: the published 128x128 model's .ttm (620,652
# bytes) must fit, with what each board's memory leaves (board.ld).
APP_MODEL_KB_spresense  = 704
APP_MODEL_KB_coralmicro = 1024
APP_MODEL_KB_coralusb   = 1024
APP_MODEL_KB_imx500     = 768
APP_MODEL_KB_mps2-an386 = 1024
APP_MODEL_KB_mps2-an500 = 1024
APP_BIN_FLAGS_coralmicro = -R .model
APP_BIN_FLAGS_coralusb   = -R .model

APP_CFLAGS  = -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffunction-sections -fdata-sections -I.
APP_LDFLAGS = --specs=rdimon.specs -nostartfiles -Wl,--gc-sections
APP_RT_SRCS = $(filter-out models/runtime/tt_requant_audit.c,$(wildcard models/runtime/*.c))
APP_SRCS    = firmware/bsp/common/startup.c $(wildcard firmware/app/*.c) $(APP_RT_SRCS)
app_accel   = $(if $(wildcard firmware/bsp/$(1)/accel.c),firmware/bsp/$(1)/accel.c,firmware/bsp/common/accel_none.c)

.PHONY: app-firmware
firmware: app-firmware

$(APP_TTM): $(TTEMU)
	@mkdir -p $(dir $@)
	$(TTEMU) model convert tinytracker -o $@ >/dev/null

# $(1) board, $(2) variant (opt or ref), $(3) image name, $(4) extra flags.
define APP_RULES
$(APP_OUT)/$(1)/obj-$(2)/%.o: %.c | deps
	@mkdir -p $$(dir $$@)
	$(APP_CC) $(APP_ARCH_$(1)) $(APP_CFLAGS) $(4) -Ifirmware/bsp/$(1) -Ifirmware/bsp/common -MMD -MP -c $$< -o $$@

$(APP_OUT)/$(1)/obj-$(2)/model_partition.o: firmware/app/model_partition.S $(APP_TTM)
	@mkdir -p $$(dir $$@)
	$(APP_CC) $(APP_ARCH_$(1)) -DTT_MODEL_FILE='"$(APP_TTM)"' -c $$< -o $$@

APP_OBJS_$(1)_$(2) = $(patsubst %.c,$(APP_OUT)/$(1)/obj-$(2)/%.o,$(APP_SRCS) $(call app_accel,$(1))) \
                     $(APP_OUT)/$(1)/obj-$(2)/model_partition.o
$(APP_OUT)/$(1)/$(3).elf: $$(APP_OBJS_$(1)_$(2)) firmware/bsp/$(1)/board.ld firmware/bsp/common/sections.ld
	$(APP_CC) $(APP_ARCH_$(1)) $(APP_LDFLAGS) -Lfirmware/bsp/$(1) -Lfirmware/bsp/common -Tboard.ld \
	    -Wl,--defsym=__model_partition_bytes=$(APP_MODEL_KB_$(1))*1024 \
	    -Wl,-Map=$$(@:.elf=.map) -o $$@ $$(APP_OBJS_$(1)_$(2)) -lm

$(APP_OUT)/$(1)/$(3).bin: $(APP_OUT)/$(1)/$(3).elf
	$(APP_OBJCOPY) -O binary $(APP_BIN_FLAGS_$(1)) $$< $$@

app-firmware: $(APP_OUT)/$(1)/$(3).elf $(APP_OUT)/$(1)/$(3).bin
-include $$(APP_OBJS_$(1)_$(2):.o=.d)
endef

$(foreach b,$(APP_BOARDS),$(eval $(call APP_RULES,$(b),opt,tinytracker,-DTT_KERNELS_OPT)))
$(foreach b,$(APP_BOARDS),$(eval $(call APP_RULES,$(b),ref,tinytracker-ref,)))
