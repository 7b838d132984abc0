# make sweep-demo: the sweep docs/sweep.md shows, run through GNU parallel
# and through the single-node Slurm test cluster, and the page's table and
# Pareto picture regenerated from the runs (scripts/sweep-demo.sh).
.PHONY: sweep-demo
sweep-demo: $(TTEMU) firmware
	@bash scripts/sweep-demo.sh $(BUILD)
