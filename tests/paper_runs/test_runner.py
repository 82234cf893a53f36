"""The runner on a tiny experiment: results schema, skipping, divergence, determinism, figures, claims."""

import json
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf
import tiny_paper

from paper_runs import results, runner


def _sweep(out, *overrides, variants=None, seeds=(0,)):
    return runner.plan_sweep(tiny_paper.PAPER, "tiny", seeds=list(seeds), variants=variants, overrides=list(overrides),
                             out_dir=Path(out))


@pytest.fixture(scope="module")
def finished_sweep(tmp_path_factory):
    out = tmp_path_factory.mktemp("sweep")
    sweep = _sweep(out)
    return sweep, runner.execute_sweep(sweep, progress=False, log=lambda *_: None)


def test_results_follow_the_schema(finished_sweep):
    sweep, finished = finished_sweep
    assert [r["variant"] for r in finished] == ["ns", "mm"]
    run_dir = sweep.experiment_dir / "quick-ns-seed0"
    data = json.loads((run_dir / "results.json").read_text())
    assert results.validate_results(data) == []
    assert data["status"] == "completed" and data["step"] == data["total_steps"] == 200
    assert data["paper"] == "tiny_paper" and data["experiment"] == "tiny" and data["profile"] == "quick"
    assert data["config"]["generator_loss"] == "ns" and data["config"]["discriminator_loss"] == "logistic"
    assert data["config"]["steps_per_execution"] == 10 and data["config"]["hidden"] == [8]  # defaults recorded
    assert data["versions"]["tf-gan"] == "2.1.0"
    assert data["claims"][0]["id"] == "tiny_mean" and set(data["claims"][0]) == set(results.CLAIM_KEYS)
    # time series: every log_every steps, and evaluations every eval_every steps (plus step 0)
    assert [step for step, _ in data["metrics"]["d_loss"]] == list(range(10, 201, 10))
    assert [step for step, _ in data["metrics"]["eval_sample_mean"]] == [0, 50, 100, 150, 200]
    assert np.load(run_dir / "samples.npy").shape == (2500, 2)
    assert (run_dir / "samples.png").stat().st_size > 0
    tags = set()
    for event_file in (run_dir / "tensorboard").glob("events.out.tfevents.*"):
        for event in tf.compat.v1.train.summary_iterator(str(event_file)):
            for value in event.summary.value:
                assert value.metadata.plugin_data.plugin_name == "scalars"
                tags.add(value.tag)
    assert {"d_loss", "g_loss", "real_dp", "nsat_R"} <= tags
    claims = json.loads((sweep.experiment_dir / "claims-quick.json").read_text())
    assert claims["runs"] == ["quick-ns-seed0", "quick-mm-seed0"] and claims["claims"][0]["holds"] is True


def test_a_completed_run_saves_its_final_generator_which_reproduces_its_samples(finished_sweep):
    sweep, _ = finished_sweep
    run_dir = sweep.experiment_dir / "quick-ns-seed0"
    data = json.loads((run_dir / "results.json").read_text())
    assert data["files"] == {"generator": "generator.keras", "samples": "samples.npy"}
    generator = keras.models.load_model(run_dir / data["files"]["generator"])  # a plain Keras model
    assert generator.name == "generator" and generator.input_shape == (None, 2)
    latents = np.random.default_rng(0).standard_normal((2500, 2)).astype(np.float32)  # tiny_paper's, seed 0
    samples = np.concatenate([generator(latents[i : i + 1024], training=False) for i in range(0, 2500, 1024)])
    np.testing.assert_array_equal(samples, np.load(run_dir / "samples.npy"))
    assert not list(run_dir.glob(".generator.keras.*"))  # no temporary folder left behind


def test_a_worker_that_is_not_the_chief_saves_no_generator(tmp_path, monkeypatch):
    from paper_runs import workers

    monkeypatch.setattr(workers, "is_chief", lambda strategy: False)
    monkeypatch.setattr(workers, "output_root", lambda out_dir, strategy: None)  # its files in sight, in --out
    sweep = _sweep(tmp_path, "steps=20", "eval_every=0", variants=["ns"])
    (finished,) = runner.execute_sweep(sweep, progress=False, log=lambda *_: None)
    assert finished["status"] == "completed" and finished["files"] == {"samples": "samples.npy"}
    assert not (sweep.experiment_dir / sweep.runs[0].run_id / "generator.keras").exists()


def test_a_rerun_skips_completed_runs(finished_sweep):
    sweep, finished = finished_sweep
    before = (sweep.experiment_dir / "quick-ns-seed0" / "results.json").read_bytes()
    messages = []
    again = runner.execute_sweep(sweep, progress=False, log=messages.append)
    assert messages == ["[skip] tiny/quick-ns-seed0: already completed", "[skip] tiny/quick-mm-seed0: already completed"]
    assert (sweep.experiment_dir / "quick-ns-seed0" / "results.json").read_bytes() == before
    assert [r["metrics"]["sample_mean"] for r in again] == [r["metrics"]["sample_mean"] for r in finished]


def test_overrides_get_their_own_run_directory(tmp_path):
    sweep = _sweep(tmp_path, "steps=40", variants=["mm"])
    assert [spec.run_id for spec in sweep.runs] == [f"quick-mm-seed0-{sweep.sweep_id.split('-')[1]}"]
    assert sweep.runs[0].config["steps"] == 40 and sweep.runs[0].config["generator_loss"] == "mm"


def test_an_exploding_learning_rate_stops_the_run_as_diverged_and_the_sweep_goes_on(tmp_path):
    # lr = 3e38: Adam's first steps move every weight by about 3e38, so the weights overflow to Inf in the
    # second step by plain IEEE addition: the weight check sees it whatever the CPU's kernels do with NaN.
    sweep = _sweep(tmp_path, "lr=3e38", variants=["ns"], seeds=(0, 1))
    finished = runner.execute_sweep(sweep, progress=False, log=lambda *_: None)
    assert [(r["status"], r["step"]) for r in finished] == [("diverged", 10), ("diverged", 10)]
    assert finished[0]["metrics"]["diverged_metric"] in ("d_loss", "g_loss", "weights")
    assert finished[0]["claims"] == [] and not (sweep.experiment_dir / sweep.runs[0].run_id / "samples.npy").exists()
    assert finished[0]["files"] == {} and not (sweep.experiment_dir / sweep.runs[0].run_id / "generator.keras").exists()


def test_nan_in_real_data_is_a_data_error_naming_the_step(tmp_path):
    sweep = _sweep(tmp_path, "nan_after=55", variants=["ns"], seeds=(0, 1))
    with pytest.raises(runner.UsageError, match=r"bad data for tiny/quick-ns-seed0-\w+: .* training step 56 holds NaN"):
        runner.execute_sweep(sweep, progress=False, log=lambda *_: None)
    data = json.loads((sweep.experiment_dir / sweep.runs[0].run_id / "results.json").read_text())
    assert data["status"] == "failed" and "step 56" in data["error"]
    assert results.validate_results(data) == []
    assert not (sweep.experiment_dir / sweep.runs[1].run_id).exists()  # the sweep stops: the data is bad


def test_a_failed_build_leaves_no_run_directory(tmp_path):
    sweep = _sweep(tmp_path, "generator_loss=nonsense", variants=["ns"])
    with pytest.raises(runner.UsageError):
        runner.execute_sweep(sweep, progress=False, log=lambda *_: None)
    assert not sweep.experiment_dir.exists()


def test_same_seed_same_config_gives_identical_results(tmp_path):
    texts = []
    for name in ("a", "b"):
        sweep = _sweep(tmp_path / name, "steps=60", "eval_every=20", variants=["ns"])
        runner.execute_sweep(sweep, progress=False, log=lambda *_: None)
        data = json.loads((sweep.experiment_dir / sweep.runs[0].run_id / "results.json").read_text())
        data.pop("wall_seconds"), data.pop("cpu_seconds")  # timings differ run to run
        data.pop("git_commit")  # other developers may commit between the two runs
        texts.append(json.dumps(data, sort_keys=True))
    assert texts[0] == texts[1]


def test_recorded_steps_relax_the_log_and_evaluation_periods_only():
    from paper_runs.training import check_periods

    settings = {"steps_per_execution": 100, "record_every": 10, "steps": 5000, "log_every": 10, "eval_every": 20,
                "checkpoint_every": 1000}
    assert check_periods(settings) == []
    assert check_periods({**settings, "record_every": 30}) == [
        "record_every=30 must be 0 (off) or divide steps_per_execution=100"]
    assert check_periods({**settings, "log_every": 15, "checkpoint_every": 150}) == [
        "log_every=15 is not a multiple of record_every=10",
        "checkpoint_every=150 is not a multiple of steps_per_execution=100"]
    assert check_periods({**settings, "record_every": 0}) == [
        "log_every=10 is not a multiple of steps_per_execution=100",
        "eval_every=20 is not a multiple of steps_per_execution=100"]


def test_bad_settings_are_usage_errors(tmp_path):
    with pytest.raises(runner.UsageError, match="not a multiple of steps_per_execution"):
        _sweep(tmp_path, "steps=55")
    with pytest.raises(runner.UsageError, match="unknown variant"):
        _sweep(tmp_path, variants=["wgan"])
    with pytest.raises(runner.UsageError, match="not implemented yet"):
        runner.plan_sweep(tiny_paper.PAPER, "later", out_dir=tmp_path)
    sweep = _sweep(tmp_path, "generator_loss=nonsense", variants=["ns"])
    with pytest.raises(runner.UsageError, match="unknown generator loss 'nonsense'"):
        runner.execute_sweep(sweep, progress=False, log=lambda *_: None)


def test_jit_compile_is_on_by_default_and_reaches_compile(tmp_path, monkeypatch):
    from tfgan_repro.gan import GAN

    seen = []
    original = GAN.compile

    def recording_compile(self, *args, **kwargs):
        seen.append(kwargs.get("jit_compile"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(GAN, "compile", recording_compile)
    assert _sweep(tmp_path).runs[0].config["jit_compile"] is True
    sweep = _sweep(tmp_path, "jit_compile=false", "steps=20", "eval_every=0", variants=["ns"])
    assert sweep.runs[0].run_id.startswith("quick-ns-seed0-")  # a setting that can change the numbers: own run id
    (finished,) = runner.execute_sweep(sweep, progress=False, log=lambda *_: None)
    assert finished["status"] == "completed" and finished["config"]["jit_compile"] is False
    assert seen == [False]


def test_command_line_turns_determinism_on_with_or_without_xla(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(runner, "enable_determinism", lambda: calls.append(True))
    monkeypatch.setattr(runner, "execute_sweep", lambda *a, **k: [])
    monkeypatch.setattr(runner, "print_experiment_claims", lambda sweep: None)
    assert runner.main(tiny_paper.PAPER, ["tiny", "--out", str(tmp_path), "--quiet"]) == 0
    assert runner.main(tiny_paper.PAPER, ["tiny", "--out", str(tmp_path), "--quiet", "jit_compile=false"]) == 0
    assert calls == [True, True]
