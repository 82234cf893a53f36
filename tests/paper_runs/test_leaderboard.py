"""The leaderboard: its plan (costs derived from the registry, pairings, a new cost joins), the scores and
ranks against hand-computed values, LEADERBOARD.md and the heat map from fabricated results files, and a tiny
end-to-end board that resumes."""

import json
from pathlib import Path

import numpy as np
import pytest

from paper_runs.leaderboard import board, costs, tables
from paper_runs.leaderboard.datasets import DATASETS, coverage, frequency_summary
from tfgan_repro import losses
from tfgan_repro.data import toy

ISSUE_COSTS = {"mm", "ns", "mm_nsat", "mm_unit", "ns_unit", "ns_mm_nsat", "ns_add", "mm_nsat_exp2", "ls", "hinge",
               "wgan_gp", "gan_gp", "dragan_ns", "rs", "rp_hinge", "rp_ls", "reg_gan", "r3gan"}


# ------------------------------------------------------------------------------------------ plan


def test_every_registry_cost_and_combination_is_on_the_board_with_its_own_d_cost():
    board_costs = costs.board_costs()
    assert ISSUE_COSTS <= set(board_costs)
    registry = set(losses.GENERATOR_LOSSES) - {"wasserstein"}  # wasserstein is on the board as WGAN-GP
    assert registry <= set(board_costs)
    assert board_costs["ls"]["discriminator_loss"] == "ls"
    assert board_costs["rp_hinge"]["discriminator_loss"] == "rp_hinge"
    assert board_costs["mm_nsat"]["discriminator_loss"] == "logistic"
    assert board_costs["ns_mm_nsat"]["generator_loss_a"] == 0.5
    assert board_costs["wgan_gp"] == {**costs.PLAIN, "generator_loss": "wasserstein",
                                      "discriminator_loss": "wasserstein", "penalty": "wgan_gp", "penalty_weight": 10.0}
    assert board_costs["r3gan"]["penalty"] == "zero_centred_both" and board_costs["r3gan"]["discriminator_loss"] == "rs"
    assert board_costs["mm_unit"]["gradient_rescaling"] == "unit" and board_costs["reg_gan"]["model"] == "reg_gan"
    for settings in board_costs.values():  # every cost binds: its parameters pass the registry's checks
        params = {} if settings["generator_loss_a"] is None else {"a": settings["generator_loss_a"]}
        losses.get_generator_loss(settings["generator_loss"], **params)
        losses.get_discriminator_loss(settings["discriminator_loss"])


def test_the_plan_is_every_cost_on_every_dataset_with_five_seeds(tmp_path):
    sweeps = board.plan("quick", tmp_path, log=lambda line: None)
    names = [sweep.experiment.name for sweep in sweeps]
    assert set(names) <= set(DATASETS) and set(DATASETS) - set(names) <= {"stacked_mnist"}
    for sweep in sweeps:
        assert {spec.variant for spec in sweep.runs} == set(costs.board_costs())
        assert sorted({spec.seed for spec in sweep.runs}) == [0, 1, 2, 3, 4]
        shared = {key: value for key, value in sweep.runs[0].config.items() if key not in costs.PLAIN
                  and key not in ("generator_loss", "discriminator_loss", "variant")}
        assert all({k: spec.config[k] for k in shared} == shared for spec in sweep.runs)  # one setting per dataset


def test_a_newly_registered_generator_cost_joins_the_board(tmp_path, monkeypatch):
    monkeypatch.setitem(losses.GENERATOR_LOSSES, "dummy_cost", losses.GENERATOR_LOSSES["ns"])
    sweep = board.plan("quick", tmp_path, datasets=["ring8"])[0]
    dummy = [spec for spec in sweep.runs if spec.variant == "dummy_cost"]
    assert len(dummy) == 5 and dummy[0].config["generator_loss"] == "dummy_cost"
    assert dummy[0].config["discriminator_loss"] == "logistic"
    monkeypatch.setitem(losses.DISCRIMINATOR_LOSSES, "dummy_cost", losses.DISCRIMINATOR_LOSSES["ls"])
    assert costs.board_costs()["dummy_cost"]["discriminator_loss"] == "dummy_cost"  # its own D cost when it has one
    monkeypatch.undo()
    assert "dummy_cost" not in costs.board_costs()


def test_missing_mnist_skips_the_stacked_column_with_a_message(tmp_path, monkeypatch):
    from tfgan_repro.data import mnist_files

    monkeypatch.setattr(mnist_files, "find_mnist_dir", lambda data_dir=None: None)
    said = []
    names = board.runnable_datasets(log=said.append)
    assert "stacked_mnist" not in names and len(names) == len(DATASETS) - 1
    assert said and said[0].startswith("[skip] stacked_mnist: MNIST files not found")


# ------------------------------------------------------------------------------------------ scores


def test_tv_counts_off_mode_mass_fully():
    summary = frequency_summary(np.array([0.5, 0.3, 0.2]), np.array([1.0, 1.0]))
    assert summary["tv_to_data"] == pytest.approx(0.5 * (0.0 + 0.2 + 0.2))
    assert summary["modes_covered"] == 2 and summary["high_quality_fraction"] == pytest.approx(0.8)


def test_two_cluster_and_moons_coverage():
    samples = np.array([[0.1], [0.2], [0.3], [4.1], [2.0]])  # 3 on cluster 0, 1 on cluster 4, 1 between
    found = coverage(samples, toy.two_cluster(0.5))
    assert found["mode_frequencies"] == pytest.approx([0.6, 0.2, 0.2])
    assert found["tv_to_data"] == pytest.approx(0.5 * (0.1 + 0.3 + 0.2))
    moons = coverage(np.array([[1.0, 0.0], [1.0, -0.5], [0.5, 0.5]]), toy.moons())  # outer arc, inner arc, between
    assert moons["modes_covered"] == 2 and moons["mode_frequencies"][-1] == pytest.approx(1 / 3)
    gaussian = coverage(np.array([[1.0, 0.0], [5.0, 5.0]]), toy.ring8())
    assert gaussian["modes_covered"] == 1 and gaussian["high_quality_fraction"] == pytest.approx(0.5)


def _run(dataset, cost, seed, status="completed", **metrics):
    config = {"dataset": dataset, "generator_loss": cost, "discriminator_loss": "logistic", "generator_loss_a": None,
              "penalty": None, "penalty_weight": 0.0, "gradient_rescaling": None, "model": "gan",
              "g_hidden": [8], "d_hidden": [8], "activation": "relu", "latent_dim": 2, "latent_distribution": "normal",
              "batch_size": 4, "steps": 10, "g_lr": 1e-3, "d_lr": 1e-3, "adam_beta1": 0.5, "adam_beta2": 0.999,
              "simultaneous": False, "generator_reduction": "mean"}
    return {"status": status, "profile": "quick", "experiment": dataset, "variant": cost, "seed": seed,
            "config": config, "metrics": metrics}


def test_median_and_range_over_seeds_with_a_diverged_run_scored_worst():
    runs = [_run("ring8", "ns", 0, modes_covered=8, high_quality_fraction=0.9, tv_to_data=0.1),
            _run("ring8", "ns", 1, modes_covered=6, high_quality_fraction=0.7, tv_to_data=0.3),
            _run("ring8", "ns", 2, status="diverged")]
    summary = tables.summarise(runs)
    assert summary["seeds"] == 3 and summary["diverged"] == 1
    assert summary["modes_covered"] == (6.0, 0.0, 8.0)
    assert summary["tv_to_data"] == (0.3, 0.1, 1.0)
    assert summary["high_quality_fraction"] == pytest.approx((0.7, 0.0, 0.9))
    assert tables.format_spread(summary["high_quality_fraction"], 100.0) == "70 (0-90)"
    assert tables.run_scores(_run("ring8", "ns", 3, status="running")) is None


def test_ranks_by_tv_then_modes_and_shares_ties():
    summaries = {"a": {"tv_to_data": (0.2, 0, 0), "modes_covered": (8, 0, 0)},
                 "b": {"tv_to_data": (0.1, 0, 0), "modes_covered": (5, 0, 0)},
                 "c": {"tv_to_data": (0.2, 0, 0), "modes_covered": (7, 0, 0)},
                 "d": {"tv_to_data": (0.2, 0, 0), "modes_covered": (7, 0, 0)}}
    assert tables.rank(summaries, tables.TOY_KEYS) == [(1, "b"), (2, "a"), (3, "c"), (3, "d")]
    stacked = {"a": {"modes_covered": (900, 0, 0), "kl_to_uniform": (0.5, 0, 0)},
               "b": {"modes_covered": (990, 0, 0), "kl_to_uniform": (0.9, 0, 0)}}
    assert tables.rank(stacked, tables.rank_keys("stacked_mnist")) == [(1, "b"), (2, "a")]
    ranked = tables.overall({"x": {"a": 1, "b": 2}, "y": {"a": 3, "b": 1}, "z": {"b": 1}})
    assert ranked == [(1, "b", pytest.approx(4 / 3), 3), (2, "a", 2.0, 2)]


def test_dataset_setting_names_each_architecture():
    shared = {"latent_dim": 128, "latent_distribution": "normal", "batch_size": 64, "steps": 1000, "g_lr": 2e-4,
              "d_lr": 2e-4, "adam_beta1": 0.5, "adam_beta2": 0.999, "generator_reduction": "mean"}
    stacked = DATASETS["stacked_mnist"].profiles
    assert tables.dataset_setting({**shared, **stacked["claims"]}).startswith(
        "sn_cnn (nf 16, width 1), spectral norm on D, z 128-d normal, batch 64, 1000 steps")
    assert tables.dataset_setting({**shared, **stacked["quick"]}).startswith("fc-3 (width 256), z 128-d")


def _write(out: Path, results: dict) -> None:
    run_dir = out / results["experiment"] / f"quick-{results['variant']}-seed{results['seed']}"
    run_dir.mkdir(parents=True)
    (run_dir / "results.json").write_text(json.dumps(results))


def test_board_markdown_and_heat_map_from_results_files(tmp_path):
    for seed, (tv_ns, tv_mm) in enumerate([(0.4, 0.2), (0.6, 0.1), (0.5, 0.3)]):
        _write(tmp_path, _run("ring8", "ns", seed, modes_covered=4, high_quality_fraction=0.5, tv_to_data=tv_ns))
        _write(tmp_path, _run("ring8", "mm", seed, modes_covered=8, high_quality_fraction=0.8, tv_to_data=tv_mm))
    _write(tmp_path, _run("stacked_mnist", "ns", 0, modes_covered=700, kl_to_uniform=0.8))
    _write(tmp_path, _run("stacked_mnist", "mm", 0, modes_covered=650, kl_to_uniform=0.9))
    path = tables.write_board(tmp_path, "quick", skipped=["nothing"])
    text = path.read_text()
    ring = text[text.index("## ring8"):]
    assert "| 1 | MM | G mm, D logistic | 3 | 8 (8-8) | 80 (80-80) | 0.2 (0.1-0.3) | - |" in ring
    # p vs #1: 3 runs a side, every NS TV above every MM TV: 2 of the C(6, 3) = 20 splits are as extreme
    assert "| 2 | NS | G ns, D logistic | 3 | 4 (4-4) | 50 (50-50) | 0.5 (0.4-0.6) | 0.100 |" in ring
    stacked = text[text.index("## stacked_mnist"):]
    assert "| 1 | NS | G ns, D logistic | 1 | 700 (700-700) | 0.8 (0.8-0.8) | - |" in stacked
    assert "| 2 | MM | G mm, D logistic | 1 | 650 (650-650) | 0.9 (0.9-0.9) | 1.000 |" in stacked
    assert "p vs #1: the two-sided Wilcoxon rank-sum p-value" in text
    overall = text[text.index("## Overall"):text.index("## ring8")]
    assert "| 1 | MM | 1.50 | 2 | 2 of 2 |" in overall and "| 1 | NS | 1.50 | 2 | 2 of 2 |" in overall  # tied
    assert "Skipped: nothing" in text and "batch 4, 10 steps" in ring
    numbers = json.loads((tmp_path / tables.NUMBERS_FILE).read_text())
    assert numbers["datasets"]["ring8"]["mm"] == {"rank": 1, "seeds": 3, "diverged": 0, "modes_covered": [8, 8, 8],
                                                  "high_quality_fraction": [0.8, 0.8, 0.8],
                                                  "tv_to_data": [0.2, 0.1, 0.3], "p_vs_first": None}
    assert numbers["datasets"]["ring8"]["ns"]["p_vs_first"] == pytest.approx(0.1)
    assert numbers["overall"][0] == {"rank": 1, "cost": "mm", "mean_rank": 1.5, "datasets": 2, "level_with_first": 2}
    png = tmp_path / tables.HEATMAP_FILE
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------------------------------ end to end

TINY = ["steps=20", "steps_per_execution=10", "log_every=10", "checkpoint_every=20", "num_samples=200",
        "g_hidden=8", "d_hidden=8", "batch_size=16"]


@pytest.mark.slow
def test_a_tiny_board_runs_writes_and_resumes(tmp_path):
    sweeps = board.plan("quick", tmp_path, datasets=["ring8"], costs=["ns", "ls"], seeds=[0], overrides=TINY)
    assert board.execute_here(sweeps) == 2
    results = json.loads((tmp_path / "ring8" / f"quick-ns-seed0-{sweeps[0].sweep_id[6:]}" / "results.json").read_text())
    assert results["status"] == "completed" and results["config"]["discriminator_loss"] == "logistic"
    assert 0.0 <= results["metrics"]["tv_to_data"] <= 1.0
    text = tables.write_board(tmp_path, "quick").read_text()
    assert "| G ls, D ls | 1 |" in text and (tmp_path / tables.HEATMAP_FILE).is_file()
    ls_dir = next((tmp_path / "ring8").glob("quick-ls-seed0*"))
    before = ls_dir.joinpath("results.json").read_bytes()
    results_file = next((tmp_path / "ring8").glob("quick-ns-seed0*")) / "results.json"
    results_file.unlink()  # as if the run had stopped after its last checkpoint: only it runs again
    said = []
    board.runner.execute_sweep(sweeps[0], progress=False, log=said.append)
    assert said == [f"[resume] ring8/{results_file.parent.name}: from the checkpoint at step 20",
                    f"[skip] ring8/{ls_dir.name}: already completed"]
    assert ls_dir.joinpath("results.json").read_bytes() == before and results_file.is_file()


def test_work_items_split_each_dataset_and_start_with_the_image_column(tmp_path):
    sweeps = board.plan("quick", tmp_path, datasets=["ring8", "stacked_mnist"], costs=["ns", "mm", "ls"], seeds=[0, 1])
    if len(sweeps) == 1:
        pytest.skip("MNIST files not found: no Stacked MNIST column")
    assert board.work_items(sweeps, 2) == [("stacked_mnist", ["ns", "mm"]), ("stacked_mnist", ["ls"]),
                                           ("ring8", ["ns", "mm"]), ("ring8", ["ls"])]


def test_bad_input_is_one_line_and_exit_code_2(tmp_path, capsys):
    from paper_runs.leaderboard.cli import main

    assert main(["--datasets", "nope", "--out", str(tmp_path)]) == 2
    assert main(["--profile", "full", "--out", str(tmp_path)]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors[0].startswith("python -m paper_runs.leaderboard: error: unknown dataset(s) ['nope']")
    assert errors[1] == "python -m paper_runs.leaderboard: error: unknown profile 'full'; valid: quick, claims"


# ------------------------------------------------------------------------------------------ reuse of a traced GAN

# The costs whose steps differ in what a reused GAN must reset: plain, gradient rescaling, a random-point
# penalty (WGAN-GP, DRAGAN), the encoder and its optimizer (Reg-GAN), a paired cost with both penalties (R3GAN),
# a parametrised cost. LEADERBOARD_REUSE_ALL=1 checks every board cost (a minute).
REUSE_COSTS = ["ns", "mm_unit", "wgan_gp", "dragan_ns", "reg_gan", "r3gan", "ns_mm"]


TINY_STACKED = ["steps=20", "steps_per_execution=10", "log_every=10", "checkpoint_every=20", "final_samples=300",
                "width=32", "batch_size=16"]


def _outcomes(sweep, seeds) -> dict:
    """{seed: (samples bytes or None, results metrics)} of a sweep's runs of those seeds."""
    found = {}
    for spec in sweep.runs:
        if spec.seed in seeds:
            run_dir = sweep.experiment_dir / spec.run_id
            samples = run_dir / "samples.npy"
            found[spec.seed] = (samples.read_bytes() if samples.is_file() else None,
                                json.loads((run_dir / "results.json").read_text())["metrics"])
    return found


@pytest.mark.slow
@pytest.mark.parametrize("dataset", ["ring8", "stacked_mnist"])
def test_a_reused_traced_gan_ends_exactly_as_a_fresh_build_of_the_same_seed(tmp_path, monkeypatch, dataset):
    import dataclasses
    import os

    from paper_runs import reuse

    if dataset == "stacked_mnist" and board.stacked_mnist_missing():
        pytest.skip("MNIST files not found: no Stacked MNIST column")
    chosen = list(costs.board_costs()) if os.environ.get("LEADERBOARD_REUSE_ALL") else REUSE_COSTS
    chosen = chosen if dataset == "ring8" else ["ns", "r3gan"]
    tiny = TINY if dataset == "ring8" else TINY_STACKED
    built = []
    monkeypatch.setattr(reuse, "reset_to", lambda target, fresh, original=reuse.reset_to: built.append(1) or
                        original(target, fresh))
    board.runner.enable_determinism()
    for cost in chosen:
        reuse.forget()
        reused = board.plan("quick", tmp_path / "reused", datasets=[dataset], costs=[cost], seeds=[0, 1],
                            overrides=tiny)[0]
        assert reused.experiment.reuse_compiled
        fresh = board.plan("quick", tmp_path / "fresh", datasets=[dataset], costs=[cost], seeds=[1], overrides=tiny)[0]
        fresh = dataclasses.replace(fresh, experiment=dataclasses.replace(fresh.experiment, reuse_compiled=False))
        board.runner.execute_sweep(reused, progress=False, log=lambda line: None)
        board.runner.execute_sweep(fresh, progress=False, log=lambda line: None)
        assert _outcomes(reused, {1}) == _outcomes(fresh, {1}), cost
        assert _outcomes(reused, {0})[0] != _outcomes(reused, {1})[1], cost  # the seeds do differ
    assert len(built) == len(chosen)  # seed 1 of every cost ran on seed 0's traced GAN
    reuse.forget()


def test_reuse_refuses_a_gan_whose_variables_do_not_correspond():
    from paper_runs import builders, reuse
    from paper_runs.training import GANSetup

    config = {**DATASETS["ring8"].profiles["quick"], **costs.board_costs()["ns"], "g_hidden": [8], "d_hidden": [8]}
    small = dict(config)
    config_wide = {**config, "g_hidden": [16]}

    def setup(settings):
        generator, discriminator = builders.mlp_players(settings, 2, 8)
        gan = builders.build_gan_model(settings, generator, discriminator, (2,))
        result = GANSetup(gan, builders.adam(settings, "d"), builders.adam(settings, "g"),
                          lambda: None, lambda model, series: None)
        gan.compile(d_optimizer=result.d_optimizer, g_optimizer=result.g_optimizer, jit_compile=False)
        return result

    target, other, wide = setup(small), setup(small), setup(config_wide)
    before = [np.asarray(v) for v in reuse.state_variables(target)]
    assert not reuse.reset_to(target, wide)
    assert all(np.array_equal(a, np.asarray(b)) for a, b in zip(before, reuse.state_variables(target)))
    assert reuse.reset_to(target, other)
    assert all(np.array_equal(np.asarray(a), np.asarray(b))
               for a, b in zip(reuse.state_variables(target), reuse.state_variables(other)))


def test_children_get_the_thread_count_and_a_bad_one_is_refused(tmp_path, monkeypatch, capsys):
    from paper_runs.leaderboard.cli import main

    seen = []
    monkeypatch.setattr(board, "execute_in_processes", lambda sweeps, jobs, child_args: seen.append(child_args) or [])
    assert main(["--datasets", "ring8", "--costs", "ns", "--jobs", "2", "--out", str(tmp_path)]) == 0
    assert seen[0][seen[0].index("--threads") + 1] == "1"  # one TF thread per process by default
    assert main(["--datasets", "ring8", "--jobs", "2", "--threads", "2", "--out", str(tmp_path)]) == 0
    assert seen[1][seen[1].index("--threads") + 1] == "2"
    assert main(["--threads", "0", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip().endswith("error: --threads must be >= 1, got 0")


def test_only_complete_columns_enter_the_overall_rank(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "column_size", lambda profile: 4)  # 2 costs x 2 seeds make a column complete
    for seed in (0, 1):
        _write(tmp_path, _run("ring8", "ns", seed, modes_covered=8, high_quality_fraction=0.9, tv_to_data=0.1))
        _write(tmp_path, _run("ring8", "mm", seed, modes_covered=4, high_quality_fraction=0.5, tv_to_data=0.5))
    # grid25 holds 3 of 4 runs and would reverse the overall order (MM first there): it must not count
    for seed, cost in ((0, "mm"), (1, "mm"), (0, "ns")):
        tv = 0.1 if cost == "mm" else 0.9
        _write(tmp_path, _run("grid25", cost, seed, modes_covered=20, high_quality_fraction=0.5, tv_to_data=tv))
    text = tables.render(tmp_path, "quick")
    assert "In progress: grid25 (3 of 4 runs), spiral12 (not started), ring6_radius5 (not started)" in text
    assert "left out of the overall rank." in text
    overall = text[text.index("## Overall"):text.index("## ring8")]
    assert "| 1 | NS | 1.00 | 1 | 1 of 1 |" in overall and "| 2 | MM | 2.00 | 1 |" in overall
    assert json.loads((tmp_path / tables.NUMBERS_FILE).read_text())["complete_columns"] == ["ring8"]
    assert "| 1 | MM |" in text[text.index("## grid25"):]  # the partial column is still drawn


def test_a_toy_cost_that_learned_nothing_is_marked():
    runs = {"mm": [_run("grid25", "mm", seed, modes_covered=20, high_quality_fraction=0.5, tv_to_data=0.5)
                   for seed in (0, 1, 2)],
            "ns": [_run("grid25", "ns", seed, modes_covered=20, high_quality_fraction=hq, tv_to_data=0.95)
                   for seed, hq in enumerate((0.05, 0.09, 0.4))]}  # median 0.09: under LEARNED_SHARE
    lines, _, _ = tables.dataset_section("grid25", runs)
    text = "\n".join(lines)
    assert "| 1 | MM | G mm" in text and "| 2 | NS † | G ns" in text
    assert "† median high-quality share under 10%" in text
    runs["ns"] = runs["mm"]
    assert "†" not in "\n".join(tables.dataset_section("grid25", runs)[0])


def test_list_shows_each_columns_finished_runs_and_the_cpu_left(tmp_path, monkeypatch, capsys):
    from paper_runs.leaderboard.cli import main

    monkeypatch.setattr(tables, "column_size", lambda profile: 4)
    for seed, cpu in enumerate((30.0, 40.0, 50.0)):
        _write(tmp_path, {**_run("ring8", "ns", seed, modes_covered=8, high_quality_fraction=0.9, tv_to_data=0.1),
                          "cpu_seconds": cpu})
    _write(tmp_path, _run("ring8", "mm", 0, status="running"))  # not finished: not counted
    assert main(["--list", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"datasets (quick profile, finished runs in {tmp_path}):" in out
    assert "  ring8                3/4; ~0.0 CPU h left (40 CPU s a run, median)  8-mode ring" in out
    assert "  spiral12             0/4  12-mode spiral" in out
    others = len(DATASETS) - 1  # every other column has runs left and no recorded CPU time
    assert out.rstrip().endswith(f"  in all: ~0.0 CPU h left, besides {others} with runs left and no recorded CPU time")


def test_level_with_first_counts_the_first_row_and_p_at_least_005():
    columns = [{"mm": {"p_vs_first": None}, "ns": {"p_vs_first": 0.008}, "ls": {"p_vs_first": 0.05}},
               {"mm": {"p_vs_first": 0.421}, "ns": {"p_vs_first": None}}]
    assert [tables.level_with_first(cost, columns) for cost in ("mm", "ns", "ls", "hinge")] == [2, 1, 1, 0]
