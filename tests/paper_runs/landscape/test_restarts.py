"""004 App. D search and restart (paper_runs.landscape.restarts): the choice of (collapsed D, successful G),
the weights a restart starts from, the error when the search finds no collapse, forced collapse."""

from __future__ import annotations

import json

import numpy as np
import pytest

from paper_runs import mixture_gan
from paper_runs.landscape import bad_starts, restarts
from paper_runs.results import atomic_write_json
from paper_runs.runner import RunContext


TINY = {**bad_starts.FIVE_GAUSSIAN, "g_hidden": [8], "d_hidden": [8], "steps": 20, "search_steps": 20,
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


def test_find_bad_start_picks_best_generator_and_most_collapsed_discriminator(tmp_path):
    config = dict(TINY)
    context = _context(tmp_path)
    root = context.run_dir.parent / "_bad_init" / restarts.search_key(config)
    _fake_search(root, {1: (restarts.SUCCESS, 0.08), 2: (restarts.COLLAPSE, 1.3), 3: (restarts.SUCCESS, 0.02)})
    start = restarts.find_bad_start(None, config, context, _stored_verdict, log=lambda *_: None)
    assert (start.record["generator_seed"], start.record["discriminator_seed"]) == (3, 2)
    assert start.record["verdicts"] == {"1": "success", "2": "collapse", "3": "success"}
    np.testing.assert_array_equal(start.generator_weights[0], np.full((2, 3), 3.0))
    np.testing.assert_array_equal(start.discriminator_weights[1], np.full((3,), 2.0))


def test_find_bad_start_without_a_collapse_says_so(tmp_path):
    config = dict(TINY)
    context = _context(tmp_path)
    root = context.run_dir.parent / "_bad_init" / restarts.search_key(config)
    _fake_search(root, {1: (restarts.SUCCESS, 0.1), 2: (restarts.NEITHER, 0.5), 3: (restarts.SUCCESS, 0.2)})
    config["forced_collapse"] = "never"
    with pytest.raises(restarts.NoBadStart, match=r"no collapsed run among the 3 search runs of logistic/ns"):
        restarts.find_bad_start(None, config, context, _stored_verdict, log=lambda *_: None)


def test_forced_collapse_always_replaces_a_collapsed_search_run_and_bad_modes_are_rejected(tmp_path):
    config = {**TINY, "forced_collapse": "always"}
    context = _context(tmp_path)
    root = context.run_dir.parent / "_bad_init" / restarts.search_key(config)
    _fake_search(root, {1: (restarts.SUCCESS, 0.1), 2: (restarts.COLLAPSE, 1.5), 3: (restarts.SUCCESS, 0.2)})
    (root / "forced-collapse-g1").mkdir()
    np.savez(root / "forced-collapse-g1" / "discriminator.npz", np.full((2, 3), 9.0, np.float32))
    start = restarts.find_bad_start(None, config, context, _stored_verdict, log=lambda *_: None)
    assert start.record["discriminator_seed"] == "forced"
    np.testing.assert_array_equal(start.discriminator_weights[0], np.full((2, 3), 9.0))
    with pytest.raises(ValueError, match="forced_collapse must be one of never, fallback, always"):
        restarts.find_bad_start(None, {**config, "forced_collapse": True}, context, _stored_verdict, log=lambda *_: None)


def test_search_key_ignores_the_restart_lr_and_seeds_but_not_the_search_settings():
    base = dict(TINY)
    assert restarts.search_key(base) == restarts.search_key({**base, "g_lr": 5e-4, "d_lr": 5e-4, "steps": 999,
                                                              "variant": "js_lr0.0005", "seed": 3})
    assert restarts.search_key(base) != restarts.search_key({**base, "search_lr": 2e-4})
    assert restarts.search_key(base) != restarts.search_key({**base, "generator_loss": "rs", "discriminator_loss": "rs"})


@pytest.mark.slow
def test_restart_starts_from_the_chosen_weights(tmp_path):
    """A real (tiny) search, then the restart's G and D equal the saved G of the best success and D of the
    collapse; the search runs are read back, not retrained, by a second restart."""
    config = dict(TINY)
    context = _context(tmp_path)
    verdicts = {1: restarts.SUCCESS, 2: restarts.COLLAPSE, 3: restarts.SUCCESS}
    scores = {1: 0.3, 2: 1.0, 3: 0.1}
    calls = []

    def judge_by_seed(metrics):  # the tiny runs' metrics are arbitrary: judge by the order they are read
        seed = config["search_seeds"][len(calls) % 3]
        calls.append(seed)
        return verdicts[seed], scores[seed]

    build = restarts.restart_build(mixture_gan.build, judge_by_seed)
    setup = build(config, context)
    root = context.run_dir.parent / "_bad_init" / restarts.search_key(config)
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


@pytest.mark.slow
def test_forced_collapse_trains_d_against_one_point_of_the_best_generator(tmp_path):
    """No search run collapsed: D comes from a run against the best G fed one latent, and G is not trained."""
    config = {**TINY, "forced_collapse": "fallback"}
    context = _context(tmp_path)
    build = mixture_gan.build
    scores = iter([0.3, 0.1, 0.2])
    start = restarts.find_bad_start(build, config, context, lambda m: (restarts.SUCCESS, next(scores)),
                                    log=lambda *_: None)
    assert (start.record["generator_seed"], start.record["discriminator_seed"]) == (2, "forced")
    root = context.run_dir.parent / "_bad_init" / restarts.search_key(config)
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

