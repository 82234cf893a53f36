"""Multi-step executions (tfgan_repro.fused): the fused XLA loop trains exactly as step-by-step training does."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro import fused
from tfgan_repro.gan import GAN
from tfgan_repro.models import mlp

LATENT_DIM, DATA_DIM, BATCH, STEPS = 3, 2, 16, 6


def _gan(steps_per_execution=1, jit_compile="auto", record_every=0, probe_latents=None, **kwargs):
    keras.utils.set_random_seed(0)
    gan = GAN(mlp(LATENT_DIM, (8,), DATA_DIM, name="generator"), mlp(DATA_DIM, (8,), 1, name="discriminator"),
              **kwargs)
    gan.compile(d_optimizer=keras.optimizers.SGD(0.05, momentum=0.9), g_optimizer=keras.optimizers.Adam(0.01),
                steps_per_execution=steps_per_execution, jit_compile=jit_compile, record_every=record_every,
                probe_latents=probe_latents)
    return gan


def _data(n_batches=STEPS, rows=BATCH, latents=False):
    """Real batches, with fixed latents in `{"real", "latents"}` batches when `latents`."""
    rng = np.random.default_rng(3)
    real = rng.normal(size=(n_batches, rows, DATA_DIM)).astype(np.float32)
    if not latents:
        return tf.data.Dataset.from_tensor_slices(real)
    z = rng.normal(size=(n_batches, rows, LATENT_DIM)).astype(np.float32)
    return tf.data.Dataset.from_tensor_slices({"real": real, "latents": z})


def _weights(gan):
    return [np.asarray(w) for w in gan.generator.weights + gan.discriminator.weights + gan._ema_weights]


def _assert_same(a, b):
    for x, y in zip(_weights(a), _weights(b)):
        np.testing.assert_allclose(x, y, rtol=2e-5, atol=2e-6)


SETTINGS = {
    "alternating": {},
    "n_dis_slices_ema": dict(n_dis=2, n_gen=2, ema_decay=0.9),
    "shared_batch_g_first": dict(n_dis=3, share_real_batch=True, g_first=True),
    "simultaneous": dict(simultaneous=True, generator_loss="mm_nsat"),
}


@pytest.mark.parametrize("setting", sorted(SETTINGS))
def test_fused_xla_loop_matches_eager_steps(setting):
    """Eager train_step calls and XLA-fused executions of 3 steps give the same parameters (fixed latents:
    XLA's Philox draws other numbers than TF's kernels for the same key)."""
    kwargs = SETTINGS[setting]
    eager = _gan(**kwargs)
    for batch in _data(latents=True):
        eager.train_step(batch)
    fused_gan = _gan(steps_per_execution=3, **kwargs)
    history = fused_gan.fit(_data(latents=True), epochs=1, verbose=0)
    assert fused_gan.fused_jit
    assert int(fused_gan.d_optimizer.iterations.numpy()) == STEPS * fused_gan.n_dis
    _assert_same(eager, fused_gan)
    assert np.isfinite(history.history["d_loss"][-1])


@pytest.mark.parametrize("jit_compile", [True, False])
def test_executions_of_several_steps_match_one_step_executions(jit_compile):
    """With latents drawn by the GAN: the same stream whether an execution runs 1 or 3 steps."""
    kwargs = SETTINGS["n_dis_slices_ema"]
    single = _gan(jit_compile=jit_compile, **kwargs)
    single.fit(_data(), epochs=1, verbose=0)
    several = _gan(steps_per_execution=3, jit_compile=jit_compile, **kwargs)
    several.fit(_data(), epochs=1, verbose=0)
    _assert_same(single, several)


def test_graph_steps_draw_the_eager_latent_stream():
    eager = _gan()
    for batch in _data():
        eager.train_step(batch)
    graph = _gan(steps_per_execution=3, jit_compile=False)
    graph.fit(_data(), epochs=1, verbose=0)
    _assert_same(eager, graph)


def test_a_short_last_execution_trains_on_the_batches_left():
    """7 batches with steps_per_execution 3: executions of 3, 3 and 1 steps, as step-by-step training."""
    stepwise = _gan()
    stepwise.fit(_data(7), epochs=1, verbose=0)
    fused_gan = _gan(steps_per_execution=3)
    fused_gan.fit(_data(7), epochs=1, verbose=0)
    assert int(fused_gan.g_optimizer.iterations.numpy()) == 7
    _assert_same(stepwise, fused_gan)


def test_callbacks_see_each_execution_with_its_last_step_and_logs():
    seen = []

    class Record(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append((batch, float(logs["g_loss"])))

    gan = _gan(steps_per_execution=3)
    gan.fit(_data(), epochs=1, verbose=0, callbacks=[Record()])
    assert [batch for batch, _ in seen] == [2, 5]
    assert all(np.isfinite(value) for _, value in seen)


def test_same_seed_same_numbers_in_one_process():
    """The latent stream is the model's, not XLA's process-wide one: a second run in the same process repeats."""
    first, second = _gan(steps_per_execution=3), _gan(steps_per_execution=3)
    first.fit(_data(), epochs=1, verbose=0)
    second.fit(_data(), epochs=1, verbose=0)
    for x, y in zip(_weights(first), _weights(second)):
        np.testing.assert_array_equal(x, y)


def test_jit_resolution():
    one = tf.distribute.get_strategy()
    small, large = _gan(), GAN(mlp(128, (128, 128), 2), mlp(2, (128, 128), 1))
    assert fused.resolve_jit("auto", one, [small.generator, small.discriminator]) and fused.resolve_jit(True, one)
    assert not fused.resolve_jit("auto", one, [large.generator, large.discriminator])
    assert not fused.resolve_jit(False, one)


def test_train_on_batch_runs_one_step():
    gan = _gan(steps_per_execution=3)
    logs = gan.train_on_batch(next(iter(_data())), return_dict=True)
    assert int(gan.g_optimizer.iterations.numpy()) == 1 and np.isfinite(logs["g_loss"])


def _last_step_logs(kwargs, jit_compile):
    """(eager GAN, its last step's logs, fused GAN, the second execution's logs) over the same 6 batches."""
    eager = _gan(**kwargs)
    for batch in _data(latents=True):
        eager_logs = eager.train_step(batch)
    fused_gan = _gan(steps_per_execution=3, jit_compile=jit_compile, **kwargs)
    iterator = iter(_data(latents=True))
    train = fused_gan.make_train_function()
    train(iterator)
    return eager, eager_logs, fused_gan, train(iterator)


@pytest.mark.parametrize("jit_compile", [True, False])
def test_an_executions_logs_are_its_last_steps_diagnostics_whatever_the_gate_skipped(jit_compile):
    """`when_logged` skips the diagnostics of every step but an execution's last: the logs Keras sees are still
    that step's, as step-by-step training computes them (n_dis = n_gen = 2: the repeats' last steps)."""
    _, eager_logs, _, fused_logs = _last_step_logs(SETTINGS["n_dis_slices_ema"], jit_compile)
    for key in ("d_grad_norm", "g_grad_norm", "real_dp", "fake_dp", "real_logit", "fake_logit", "d_loss", "g_loss"):
        np.testing.assert_allclose(float(fused_logs[key]), float(eager_logs[key]), rtol=1e-4, err_msg=key)


@pytest.mark.parametrize("jit_compile", [True, False])
def test_the_gated_gradient_comparison_matches_step_by_step(jit_compile):
    """The compared cost's gradient (000 Fig 9) is taken on logged steps only: the execution's last step still
    logs the cosine and norm ratio that eager training computes, and training is unchanged."""
    kwargs = dict(simultaneous=True, generator_loss="mm_nsat", compare_generator_loss="ns")
    eager, eager_logs, fused_gan, fused_logs = _last_step_logs(kwargs, jit_compile)
    assert float(eager_logs["grad_cosine"]) < 0.999999  # NS and MM-nsat differ here: the check can fail
    for key in ("grad_cosine", "grad_norm_ratio"):
        np.testing.assert_allclose(float(fused_logs[key]), float(eager_logs[key]), rtol=1e-4, err_msg=key)
    _assert_same(eager, fused_gan)


PROBE = np.random.default_rng(5).normal(size=(4, LATENT_DIM)).astype(np.float32)


def _step_by_step_logs_and_probes(kwargs):
    """{step: (logs, G(PROBE))} of eager train_step calls (the reference for recorded executions)."""
    eager = _gan(**kwargs)
    seen = {}
    for step, batch in enumerate(_data(latents=True), start=1):
        logs = eager.train_step(batch)
        seen[step] = ({k: float(v) for k, v in logs.items()}, eager.generate(len(PROBE), latents=PROBE))
    return seen


def _unshaped(dataset):
    """The same batches with an unknown batch dimension: the execution cannot be stacked (the chunked path)."""
    return dataset.unbatch().batch(BATCH)


@pytest.mark.parametrize("path", ["stacked_xla", "stacked_graph", "chunked"])
def test_recorded_steps_carry_the_logs_and_generator_outputs_of_step_by_step_training(path):
    """record_every = 2 in executions of 6 steps: steps 2, 4, 6 recorded, each with the logs (diagnostics
    included, which the gate otherwise skips) and G(probe latents) that eager training shows after that step."""
    kwargs = dict(SETTINGS["n_dis_slices_ema"], jit_compile=path == "stacked_xla")
    reference = _step_by_step_logs_and_probes({k: v for k, v in kwargs.items() if k != "jit_compile"})
    gan = _gan(steps_per_execution=6, record_every=2, probe_latents=PROBE, **kwargs)
    data = _data(latents=True)
    train = gan.make_train_function()
    train(iter(_unshaped(data) if path == "chunked" else data))
    records = gan.execution_records
    assert records.offsets == [2, 4, 6]
    for index, step in enumerate(records.offsets):
        logs, probe = reference[step]
        for key in ("d_loss", "g_loss", "d_grad_norm", "fake_dp"):
            np.testing.assert_allclose(records.logs[key][index], logs[key], rtol=1e-4, err_msg=f"{key} at {step}")
        np.testing.assert_allclose(records.probe[index], probe, rtol=1e-4, atol=1e-6)


def test_record_every_must_divide_an_execution():
    with pytest.raises(ValueError, match="record_every must be 0 .off. or divide steps_per_execution=6"):
        _gan(steps_per_execution=6, record_every=4)
    with pytest.raises(ValueError, match="probe_latents are recorded every record_every steps"):
        _gan(steps_per_execution=6, probe_latents=PROBE)


def test_a_short_last_execution_records_its_whole_chunks_only():
    """7 batches, executions of 6 with record_every 2: the second execution (1 step) records nothing."""
    gan = _gan(steps_per_execution=6, record_every=2, probe_latents=PROBE)
    train, iterator = gan.make_train_function(), iter(_data(n_batches=7))
    train(iterator)
    assert gan.execution_records.offsets == [2, 4, 6]
    train(iterator)
    assert gan.execution_records.offsets == [] and gan.execution_records.probe.shape == (0, 4, DATA_DIM)
