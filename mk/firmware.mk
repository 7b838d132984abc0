# Firmware images, built with arm-none-eabi-gcc and newlib on the MPS2 board
# support package (firmware/bsp/mps2). Every image runs unchanged on QEMU's
# mps2-an386 / mps2-an500 and on ttemu's boards of the same names.
#
#   make BUILD=dir firmware     every image below
#
# Outputs under $(BUILD)/firmware/:
#   tests/NAME.elf, .bin            tests/firmware/NAME.c, Cortex-M4 soft float
#   tests/NAME.VARIANT.elf, .bin    the same source built for another variant
#   bench/bench.elf, .bin           firmware/bench/*.c (+ bench.m7.elf for the M7)
#   NAME.map next to each .elf
#   tests.list                      the test images of this build, one a line
#
# Variants: a suffix names the core, the float ABI and the board (linker
# script). The base variant m4 has no suffix; the others insert ".VARIANT"
# before .elf. To add one, define FW_ARCH_x and FW_LD_x and list x in
# FW_TEST_VARIANTS or FW_BENCH_VARIANTS:
#   m4     Cortex-M4, soft float            mps2-an386
#   m4hf   Cortex-M4F, fpv4-sp-d16, hard    mps2-an386
#   m7     Cortex-M7, soft float            mps2-an500
#   m7hf   Cortex-M7, fpv5-d16 (double), hard  mps2-an500
# tests/suites/20-firmware-qemu.sh maps the suffix back to the board
# (m7* -> mps2-an500, anything else -> mps2-an386).

FW_CC      ?= arm-none-eabi-gcc
FW_OBJCOPY ?= arm-none-eabi-objcopy
FW_OUT      = $(BUILD)/firmware
FW_BSP      = firmware/bsp/mps2

FW_ARCH_m4   = -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
FW_LD_m4     = mps2-an386.ld
FW_ARCH_m4hf = -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
FW_LD_m4hf   = mps2-an386.ld
FW_ARCH_m7   = -mcpu=cortex-m7 -mthumb -mfloat-abi=soft
FW_LD_m7     = mps2-an500.ld
FW_ARCH_m7hf = -mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16
FW_LD_m7hf   = mps2-an500.ld
FW_VARIANTS_KNOWN = m4 m4hf m7 m7hf

# Which variants get built: by default every test image for the M4, the M7
# and their hard-float forms (FPv4-SP, FPv5-D16), system tests included:
#   make BUILD=dir FW_TEST_VARIANTS="m4" firmware     (fewer variants, faster)
FW_TEST_VARIANTS  ?= m4 m7 m4hf m7hf
FW_BENCH_VARIANTS ?= m4 m7

# The file name suffix of a variant's images: "" for m4, ".m7hf" for m7hf.
fw_sfx = $(if $(filter m4,$(1)),,.$(1))

FW_CFLAGS  = -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffunction-sections -fdata-sections \
             -I$(FW_BSP) -Itests/firmware
FW_LDFLAGS = --specs=rdimon.specs -nostartfiles -L$(FW_BSP) -Wl,--gc-sections
FW_BSP_SRCS  = $(wildcard $(FW_BSP)/*.c)
# tests/firmware/sys_*.c need the exception model, NVIC, SysTick and fault
# registers (issue 3); they are built by default now that the exception model exists (FW_TEST_SYS=0 leaves them out).
FW_TEST_SYS ?= 1
FW_TEST_SRCS = $(filter-out $(if $(filter 1,$(FW_TEST_SYS)),,tests/firmware/sys_%.c),$(wildcard tests/firmware/*.c))
FW_TEST_NAMES = $(FW_TEST_SRCS:tests/firmware/%.c=%)
FW_BENCH_SRCS = $(wildcard firmware/bench/*.c)

FW_TEST_ELFS  = $(foreach v,$(FW_TEST_VARIANTS),$(FW_TEST_NAMES:%=$(FW_OUT)/tests/%$(call fw_sfx,$(v)).elf))
FW_BENCH_ELFS = $(if $(FW_BENCH_SRCS),$(foreach v,$(FW_BENCH_VARIANTS),$(FW_OUT)/bench/bench$(call fw_sfx,$(v)).elf))
FW_ELFS = $(FW_TEST_ELFS) $(FW_BENCH_ELFS)

# The sample `make demo` runs (scripts/demo.sh finds it by this name),
# built whatever the variant list.
FW_DEMO = $(FW_OUT)/tests/demo_tracker.elf

.PHONY: firmware
firmware: $(FW_ELFS) $(FW_ELFS:.elf=.bin) $(FW_DEMO)
	@printf '%s\n' $(FW_TEST_ELFS) >$(FW_OUT)/tests.list

# tests.list names the test images of the last `make firmware` (this
# variant set), so suites skip stale images of other variants in the dir.

$(FW_OUT)/%.bin: $(FW_OUT)/%.elf
	$(FW_OBJCOPY) -O binary $< $@

# Per variant: compile rules into obj/VARIANT/, and one link rule per image.
define FW_VARIANT_RULES
$(FW_OUT)/obj/$(1)/%.o: %.c | deps
	@mkdir -p $$(dir $$@)
	$(FW_CC) $(FW_ARCH_$(1)) $(FW_CFLAGS) -MMD -MP -c $$< -o $$@

FW_BSP_OBJS_$(1) = $(FW_BSP_SRCS:%.c=$(FW_OUT)/obj/$(1)/%.o)
-include $(FW_BSP_SRCS:%.c=$(FW_OUT)/obj/$(1)/%.d)
endef

define FW_TEST_RULE
$(FW_OUT)/tests/$(2)$(call fw_sfx,$(1)).elf: $(FW_OUT)/obj/$(1)/tests/firmware/$(2).o $$(FW_BSP_OBJS_$(1)) $(FW_BSP)/$(FW_LD_$(1)) $(FW_BSP)/mps2-sections.ld
	@mkdir -p $$(dir $$@)
	$(FW_CC) $(FW_ARCH_$(1)) $(FW_LDFLAGS) -T$(FW_LD_$(1)) -Wl,-Map=$$(@:.elf=.map) -o $$@ \
	    $(FW_OUT)/obj/$(1)/tests/firmware/$(2).o $$(FW_BSP_OBJS_$(1)) -lm
-include $(FW_OUT)/obj/$(1)/tests/firmware/$(2).d
endef

define FW_BENCH_RULE
$(FW_OUT)/bench/bench$(call fw_sfx,$(1)).elf: $(FW_BENCH_SRCS:%.c=$(FW_OUT)/obj/$(1)/%.o) $$(FW_BSP_OBJS_$(1)) $(FW_BSP)/$(FW_LD_$(1)) $(FW_BSP)/mps2-sections.ld
	@mkdir -p $$(dir $$@)
	$(FW_CC) $(FW_ARCH_$(1)) $(FW_LDFLAGS) -T$(FW_LD_$(1)) -Wl,-Map=$$(@:.elf=.map) -o $$@ \
	    $(FW_BENCH_SRCS:%.c=$(FW_OUT)/obj/$(1)/%.o) $$(FW_BSP_OBJS_$(1)) -lm
-include $(FW_BENCH_SRCS:%.c=$(FW_OUT)/obj/$(1)/%.d)
endef

$(foreach v,$(FW_VARIANTS_KNOWN),$(eval $(call FW_VARIANT_RULES,$(v))))
$(foreach v,$(FW_VARIANTS_KNOWN),$(foreach t,$(FW_TEST_NAMES),$(eval $(call FW_TEST_RULE,$(v),$(t)))))
$(foreach v,$(FW_VARIANTS_KNOWN),$(eval $(call FW_BENCH_RULE,$(v))))
