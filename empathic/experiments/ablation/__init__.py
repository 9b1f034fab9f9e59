"""`empathic ablate`: the auxiliary-head ablation (settings, arms, metrics, report, runner, cli)."""
