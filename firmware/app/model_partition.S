/* The model partition's default contents: the .ttm named by TT_MODEL_FILE
 * (mk/app.mk: the built-in synthetic TinyTracker), 16-byte aligned as
 * models/runtime requires. sections.ld pads .model to the board's
 * partition size, so `ttemu run --model` can place a larger model. */
    .section .model, "a"
    .balign 16
    .incbin TT_MODEL_FILE
