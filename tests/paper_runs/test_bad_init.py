"""004 App. D restarts (paper_runs.bad_init, landscape.five_gaussian_bad_init): the choice of (collapsed D,
successful G), the weights a restart starts from, the error when the search finds no collapse, the claims."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from paper_runs import bad_init, landscape, runner
from paper_runs.results import atomic_write_json
from paper_runs.runner import RunContext

TINY = {**landscape.FIVE_GAUSSIAN, "g_hidden": [8], "d_hidden": [8], "steps": 20, "search_steps": 20,
        "search_seeds": [1, 2, 3], "steps_per_execution": 10, "log_every": 10, "eval_every": 10,
        "checkpoint_every": 10, "num_samples": 200}


def _context(tmp_path, variant="js_lr0.0001", seed=0):
    import tensorflow as tf

    return RunContext(paper="landscape", experiment="five_gaussian_bad_init", variant=variant, profile="quick",
                      seed=seed, run_dir=tmp_path / f"quick-{variant}-seed{seed}", data_dir=None,
                      strategy=tf.distribute.get_strategy())


def _fake_search(root, verdicts: dict, shapes=((2, 3), (3,))):
    """search.json and weight files as a finished search leaves them; weights filled with the seed number."""
    for seed, (verdict, score) in verdicts.items():
        directory = root / f"seed-{seed}"
        directory.mkdir(parents=True)
        for player in ("generator", "discriminator"):
            np.savez(directory / f"{player}.npz", *[np.full(s, float(seed), np.float32) for s in shapes])
        atomic_write_json(directory / "search.json", {"seed": seed, "status": "completed",
                                                      "metrics": {"verdict": verdict, "score": score}})


def _stored_verdict(metrics):
    return metrics["verdict"], metrics["score"]


def test_judge_separates_recovery_and_collapse():
    assert landscape.five_gaussian_judge({"modes_covered": 5, "high_quality_fraction": 0.95, "tv_to_data": 0.04}) \
        == (bad_init.SUCCESS, 0.04)
    verdict, score = landscape.five_gaussian_judge({"modes_covered": 3, "high_quality_fraction": 0.99, "tv_to_data": 0.4})
    assert verdict == bad_init.COLLAPSE and score == pytest.approx(2.4)
    assert landscape.five_gaussian_judge({"modes_covered": 0, "high_quality_fraction": 0.0, "tv_to_data": 1.0})[0] \
        == bad_init.NEITHER  # no recovery at all is not the paper's "mode collapse"


def test_find_bad_start_picks_best_generator_and_most_collapsed_discriminator(tmp_path):
    config = dict(TINY)
    context = _context(tmp_path)
    root = context.run_dir.parent / "_bad_init" / bad_init.search_key(config)
    _fake_search(root, {1: (bad_init.SUCCESS, 0.08), 2: (bad_init.COLLAPSE, 1.3), 3: (bad_init.SUCCESS, 0.02)})
    start = bad_init.find_bad_start(None, config, context, _stored_verdict, log=lambda *_: None)
    assert (start.record["generator_seed"], start.record["discriminator_seed"]) == (3, 2)
    assert start.record["verdicts"] == {"1": "success", "2": "collapse", "3": "success"}
    np.testing.assert_array_equal(start.generator_weights[0], np.full((2, 3), 3.0))
    np.testing.assert_array_equal(start.discriminator_weights[1], np.full((3,), 2.0))


def test_find_bad_start_without_a_collapse_says_so(tmp_path):
    config = dict(TINY)
    context = _context(tmp_path)
    root = context.run_dir.parent / "_bad_init" / bad_init.search_key(config)
    _fake_search(root, {1: (bad_init.SUCCESS, 0.1), 2: (bad_init.NEITHER, 0.5), 3: (bad_init.SUCCESS, 0.2)})
    config["forced_collapse"] = "never"
    with pytest.raises(bad_init.NoBadStart, match=r"no collapsed run among the 3 search runs of logistic/ns"):
        bad_init.find_bad_start(None, config, context, _stored_verdict, log=lambda *_: None)


def test_forced_collapse_always_replaces_a_collapsed_search_run_and_bad_modes_are_rejected(tmp_path):
    config = {**TINY, "forced_collapse": "always"}
    context = _context(tmp_path)
    root = context.run_dir.parent / "_bad_init" / bad_init.search_key(config)
    _fake_search(root, {1: (bad_init.SUCCESS, 0.1), 2: (bad_init.COLLAPSE, 1.5), 3: (bad_init.SUCCESS, 0.2)})
    (root / "forced-collapse-g1").mkdir()
    np.savez(root / "forced-collapse-g1" / "discriminator.npz", np.full((2, 3), 9.0, np.float32))
    start = bad_init.find_bad_start(None, config, context, _stored_verdict, log=lambda *_: None)
    assert start.record["discriminator_seed"] == "forced"
    np.testing.assert_array_equal(start.discriminator_weights[0], np.full((2, 3), 9.0))
    with pytest.raises(ValueError, match="forced_collapse must be one of never, fallback, always"):
        bad_init.find_bad_start(None, {**config, "forced_collapse": True}, context, _stored_verdict, log=lambda *_: None)


def test_search_key_ignores_the_restart_lr_and_seeds_but_not_the_search_settings():
    base = dict(TINY)
    assert bad_init.search_key(base) == bad_init.search_key({**base, "g_lr": 5e-4, "d_lr": 5e-4, "steps": 999,
                                                              "variant": "js_lr0.0005", "seed": 3})
    assert bad_init.search_key(base) != bad_init.search_key({**base, "search_lr": 2e-4})
    assert bad_init.search_key(base) != bad_init.search_key({**base, "generator_loss": "rs", "discriminator_loss": "rs"})


def test_restart_starts_from_the_chosen_weights(tmp_path):
    """A real (tiny) search, then the restart's G and D equal the saved G of the best success and D of the
    collapse; the search runs are read back, not retrained, by a second restart."""
    from paper_runs import toy_gan

    config = dict(TINY)
    context = _context(tmp_path)
    verdicts = {1: bad_init.SUCCESS, 2: bad_init.COLLAPSE, 3: bad_init.SUCCESS}
    scores = {1: 0.3, 2: 1.0, 3: 0.1}
    calls = []

    def judge_by_seed(metrics):  # the tiny runs' metrics are arbitrary: judge by the order they are read
        seed = config["search_seeds"][len(calls) % 3]
        calls.append(seed)
        return verdicts[seed], scores[seed]

    build = bad_init.restart_build(toy_gan.mixture_gan_build(lambda m, c: []), judge_by_seed)
    setup = build(config, context)
    root = context.run_dir.parent / "_bad_init" / bad_init.search_key(config)
    with np.load(root / "seed-3" / "generator.npz") as saved:
        for index, weight in enumerate(setup.gan.generator.get_weights()):
            np.testing.assert_array_equal(weight, saved[f"arr_{index}"])
    with np.load(root / "seed-2" / "discriminator.npz") as saved:
        for index, weight in enumerate(setup.gan.discriminator.get_weights()):
            np.testing.assert_array_equal(weight, saved[f"arr_{index}"])
    saved = json.loads((root / "seed-1" / "search.json").read_text())["metrics"]
    assert saved["modes_covered"] >= 0 and len(saved["mode_frequencies"]) == 6  # lists a judge may need are kept
    assert "data_frequencies" in saved and "mode_means" not in saved  # nested lists (series, positions) are not
    assert any("bad initial point" in note for note in context.notes)

    mtimes = {p: p.stat().st_mtime_ns for p in root.glob("seed-*/*.npz")}
    build(config, _context(tmp_path, variant="js_lr0.0002"))  # same search key: read back, nothing retrained
    assert {p: p.stat().st_mtime_ns for p in root.glob("seed-*/*.npz")} == mtimes
    assert calls == [1, 2, 3, 1, 2, 3]


def test_forced_collapse_trains_d_against_one_point_of_the_best_generator(tmp_path):
    """No search run collapsed: D comes from a run against the best G fed one latent, and G is not trained."""
    from paper_runs import toy_gan

    config = {**TINY, "forced_collapse": "fallback"}
    context = _context(tmp_path)
    build = toy_gan.mixture_gan_build(lambda m, c: [])
    scores = iter([0.3, 0.1, 0.2])
    start = bad_init.find_bad_start(build, config, context, lambda m: (bad_init.SUCCESS, next(scores)),
                                    log=lambda *_: None)
    assert (start.record["generator_seed"], start.record["discriminator_seed"]) == (2, "forced")
    root = context.run_dir.parent / "_bad_init" / bad_init.search_key(config)
    forced = root / "forced-collapse-g2"
    with np.load(forced / "discriminator.npz") as saved:
        for index, weight in enumerate(start.discriminator_weights):
            np.testing.assert_array_equal(weight, saved[f"arr_{index}"])
    for seed in config["search_seeds"]:
        with np.load(root / f"seed-{seed}" / "discriminator.npz") as other:
            assert not np.array_equal(other["arr_0"], start.discriminator_weights[0])
    with np.load(forced / "generator.npz") as kept:  # G did not move during the forced run (lr 0)
        for index, weight in enumerate(start.generator_weights):
            np.testing.assert_array_equal(weight, kept[f"arr_{index}"])


def _restart(variant: str, tv: float, covered: int) -> dict:
    return {"variant": variant, "seed": 0, "status": "completed",
            "metrics": {"tv_to_data": tv, "modes_covered": covered}}


def test_five_gaussian_claims():
    runs = [_restart("js_lr0.0001", 0.6, 2), _restart("rs_lr0.0001", 0.05, 5),
            _restart("js_lr0.0005", 0.5, 3), _restart("rs_lr0.0005", 0.1, 5)]
    runs[0]["metrics"]["bad_start"] = {"verdicts": {"100": "success", "101": "collapse"}}
    claims = {c.id: c for c in landscape.five_gaussian_claims(runs)}
    assert claims["five_gaussian_rs_lower_metric"].holds is True
    assert claims["five_gaussian_rs_covers_more"].holds is True
    search = claims["five_gaussian_search_outcomes"]
    assert search.holds is None and search.measured_value == {"js": {"100": "success", "101": "collapse"}, "rs": None}
    runs[3] = _restart("rs_lr0.0005", 0.7, 4)
    claims = {c.id: c for c in landscape.five_gaussian_claims(runs)}
    assert claims["five_gaussian_rs_lower_metric"].holds is False
    assert claims["five_gaussian_rs_covers_more"].measured_value == {"js": 0.0, "rs": 0.5}


def test_rs_restart_keeps_d_output_unit_norm():
    variants = landscape.FIVE_GAUSSIAN_EXPERIMENT.variants
    assert variants["rs_lr0.0001"]["d_output_unit_norm"] is True
    assert "d_output_unit_norm" not in variants["js_lr0.0001"]


def test_unit_norm_constraint_renormalises_d_output_after_a_step(tmp_path):
    from paper_runs import toy_gan

    config = {**TINY, "generator_loss": "rs", "discriminator_loss": "rs", "d_output_unit_norm": True}
    setup = toy_gan.mixture_gan_build(lambda m, c: [])(config, _context(tmp_path))
    setup.gan.compile(d_optimizer=setup.d_optimizer, g_optimizer=setup.g_optimizer)
    batch = next(iter(setup.dataset(0)))
    setup.gan.train_on_batch(batch)
    kernel = setup.gan.discriminator.layers[-1].kernel.numpy()
    assert np.linalg.norm(kernel[:, 0]) == pytest.approx(1.0, abs=1e-5)


def test_list_marks_five_gaussian_implemented(capsys):
    assert runner.main(landscape.PAPER, ["--list"]) == 0
    line = next(l for l in capsys.readouterr().out.splitlines() if "five_gaussian_bad_init" in l)
    assert "not implemented" not in line


def test_mnist_judge():
    covered_all = {"class_frequencies": [0.1] * 10, "classifier_frechet_distance": 12.5, "djscd": 0.01}
    assert landscape.mnist_judge(covered_all) == (bad_init.SUCCESS, 12.5)
    three = {"class_frequencies": [0.5, 0.3, 0.2] + [0.0] * 7, "classifier_frechet_distance": 80.0, "djscd": 0.6}
    assert landscape.mnist_judge(three) == (bad_init.COLLAPSE, pytest.approx(7.6))
    eight = {"class_frequencies": [0.125] * 8 + [0.0] * 2, "classifier_frechet_distance": 30.0, "djscd": 0.1}
    assert landscape.mnist_judge(eight) == (bad_init.SUCCESS, 30.0)
    assert landscape.mnist_judge({**eight, "djscd": 0.2})[0] == bad_init.NEITHER
    seven = {"class_frequencies": [1 / 7] * 7 + [0.0] * 3, "classifier_frechet_distance": 30.0, "djscd": 0.14}
    assert landscape.mnist_judge(seven)[0] == bad_init.NEITHER


def test_mnist_bad_init_runs_end_to_end_on_mock_digits(tmp_path, monkeypatch):
    """Search (forced collapse when nothing collapses), a restart, its metrics and sample grid."""
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(10), 8)
    digits = rng.uniform(0, 255, (len(labels), 28, 28)).astype(np.uint8)
    monkeypatch.setattr(landscape, "_load_mnist", lambda config, context: (digits, labels))
    import dataclasses

    verdicts = itertools.cycle([(bad_init.SUCCESS, 1.0), (bad_init.NEITHER, 0.0)])  # noise digits: judge by order
    experiment = dataclasses.replace(landscape.MNIST_BAD_INIT_EXPERIMENT,
                                     build=bad_init.restart_build(landscape.mnist_build, lambda m: next(verdicts)))
    paper = dataclasses.replace(landscape.PAPER, experiments=[experiment])
    sweep = runner.plan_sweep(paper, "mnist_bad_init", seeds=[0], variants=["rs"], out_dir=tmp_path,
                              overrides=["steps=4", "search_steps=4", "search_seeds=1,2", "steps_per_execution=2",
                                         "log_every=2", "checkpoint_every=4", "width=0.125", "batch_size=8",
                                         "num_samples=64", "fd_samples=12"])
    runs = runner.execute_sweep(sweep, progress=False, log=lambda *a: None)
    assert [r["status"] for r in runs] == ["completed"], runs
    for run in runs:
        start = run["metrics"]["bad_start"]
        assert start["verdicts"] == {"1": "success", "2": "neither"} and start["discriminator_seed"] == "forced"
        assert set(start["search_metrics"]) == {"1", "2"}
        assert 0.0 <= run["metrics"]["djscd"] <= 1.0 and len(run["metrics"]["class_frequencies"]) == 10
    assert (tmp_path / "mnist_bad_init" / sweep.runs[0].run_id / "samples.png").is_file()


def test_mnist_bad_init_claims():
    runs = [{"variant": v, "seed": s, "status": "completed", "metrics": {"classifier_frechet_distance": fd}}
            for v, s, fd in (("js", 0, 90.0), ("js", 1, 70.0), ("rs", 0, 40.0), ("rs", 1, 75.0))]
    claim = landscape.mnist_bad_init_claims(runs)[0]
    assert claim.holds is True and claim.measured_value["gap"] == pytest.approx(80.0 - 57.5)
    runs[2]["metrics"]["classifier_frechet_distance"] = 120.0
    assert landscape.mnist_bad_init_claims(runs)[0].holds is False
