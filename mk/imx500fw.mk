# The IMX500 driver's test firmware: tests/firmware-imx500/frame.c with
# firmware/bsp/imx500/accel.c on the imx500 BSP, the built-in TinyTracker
# (converted by the build's ttemu) embedded as its model.
#
# Output: $(BUILD)/firmware/imx500/frame.elf (part of `make firmware`), and
# frame-pub.elf with the published model when ../shared has it.
IMXFW_OUT   = $(BUILD)/firmware/imx500
IMXFW_SRCS  = firmware/bsp/common/startup.c firmware/bsp/imx500/accel.c tests/firmware-imx500/frame.c
IMXFW_OBJS  = $(IMXFW_SRCS:%.c=$(IMXFW_OUT)/obj/%.o)
IMXFW_MODEL = $(IMXFW_OUT)/tinytracker.ttm

.PHONY: imx500fw
imx500fw: $(IMXFW_OUT)/frame.elf
firmware: imx500fw

$(IMXFW_MODEL): $(TTEMU)
	@mkdir -p $(dir $@)
	$(TTEMU) model convert tinytracker -o $@ >/dev/null

$(IMXFW_OUT)/obj/tests/firmware-imx500/frame.o: $(IMXFW_MODEL)
$(IMXFW_OUT)/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(BFW_CC) $(BFW_ARCH_imx500) $(BFW_CFLAGS) -I. -Ifirmware/bsp/imx500 -I$(BFW_COMMON) \
	    -DMODEL_PATH='"$(IMXFW_MODEL)"' -MMD -MP -c $< -o $@

$(IMXFW_OUT)/frame.elf: $(IMXFW_OBJS) firmware/bsp/imx500/board.ld $(BFW_COMMON)/sections.ld
	$(BFW_CC) $(BFW_ARCH_imx500) $(BFW_LDFLAGS) -Lfirmware/bsp/imx500 -L$(BFW_COMMON) -Tboard.ld \
	    -Wl,-Map=$(@:.elf=.map) -o $@ $(IMXFW_OBJS)

# The published TinyTracker, when the shared test data is present.
IMXFW_PUB_TFLITE = $(wildcard ../shared/models/TinyTracker.tflite)
ifneq ($(IMXFW_PUB_TFLITE),)
IMXFW_PUB_MODEL = $(IMXFW_OUT)/tinytracker-pub.ttm
IMXFW_PUB_OBJ   = $(IMXFW_OUT)/obj/frame-pub.o
imx500fw: $(IMXFW_OUT)/frame-pub.elf

$(IMXFW_PUB_MODEL): $(TTEMU) $(IMXFW_PUB_TFLITE)
	@mkdir -p $(dir $@)
	$(TTEMU) model convert $(IMXFW_PUB_TFLITE) -o $@ >/dev/null

$(IMXFW_PUB_OBJ): tests/firmware-imx500/frame.c $(IMXFW_PUB_MODEL) | deps
	@mkdir -p $(dir $@)
	$(BFW_CC) $(BFW_ARCH_imx500) $(BFW_CFLAGS) -I. -Ifirmware/bsp/imx500 -I$(BFW_COMMON) \
	    -DMODEL_PATH='"$(IMXFW_PUB_MODEL)"' -c $< -o $@

$(IMXFW_OUT)/frame-pub.elf: $(filter-out %/frame.o,$(IMXFW_OBJS)) $(IMXFW_PUB_OBJ) firmware/bsp/imx500/board.ld
	$(BFW_CC) $(BFW_ARCH_imx500) $(BFW_LDFLAGS) -Lfirmware/bsp/imx500 -L$(BFW_COMMON) -Tboard.ld \
	    -o $@ $(filter-out %/frame.o,$(IMXFW_OBJS)) $(IMXFW_PUB_OBJ)
endif

-include $(IMXFW_OBJS:.o=.d)
