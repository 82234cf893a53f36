"""Time the compiled `GAN.train_step` of the FC-4 MNIST GAN against the same network and cost in plain PyTorch.

    pip install -r benchmarks/requirements.txt          # torch==2.13.0, benchmark-only
    python -m benchmarks.train_step                     # defaults: the best configuration found (README.md)
    python -m benchmarks.train_step --no-jit --steps-per-execution 1 --keras-timing fit

Both sides in one process, interleaved: G 128-512-512-512-1024 (tanh, reshaped 32x32x1), D 1024-512-512-512-1
(linear logit), batch 128, MM-nsat generator cost, logistic D cost, Adam(lr 1e-4, betas (0.5, 0.999)) for each
player, one D step then one G step per train step; synthetic real data in [-1, 1], latents N(0, I) drawn inside
every step on both sides. The Keras side runs the real `GAN.train_step`, compiled by Keras: by default its
`train_function` (what `fit` calls) in a plain loop, or whole `gan.fit` calls with `--keras-timing fit`; the
PyTorch side is an eager loop. Same thread count for both, same number of steps, warm-up (tracing, XLA
compilation, first allocations) excluded, median over repetitions. A check that both compute the same D and
MM-nsat G losses runs first. The last line is

    ratio keras/pytorch: X.XX

time per step of Keras over time per step of PyTorch (medians; lower is better for Keras).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

LATENT_DIM = 128
HIDDEN = (512, 512, 512)
IMAGE_SHAPE = (32, 32, 1)
BATCH = 128
LR, BETA_1, BETA_2 = 1e-4, 0.5, 0.999
ADAM_EPS = 1e-8  # torch's default; Keras' Adam is given the same value (see README for its placement)
NSAT_EPS = 1e-18  # tfgan_repro.losses.sample_weighting.DEFAULT_EPS
POOL_BATCHES = 64  # distinct real batches cycled by both sides


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--steps", type=int, default=30, help="train steps per timed repetition, each side (default 30)")
    p.add_argument("--repeats", type=int, default=11, help="timed repetitions, each side; the median is reported (default 11)")
    p.add_argument("--warmup", type=int, default=20,
                   help="untimed steps first, each side (tracing, compilation); rounded up to steps_per_execution")
    p.add_argument("--jit", action=argparse.BooleanOptionalAction, default=True,
                   help="Keras compile(jit_compile=...): XLA-compile the train step (default: on)")
    p.add_argument("--steps-per-execution", type=int, default=10,
                   help="Keras compile(steps_per_execution=...): train steps per call of the compiled function "
                   "(default 10; --steps must be a multiple)")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                   help="intra-op threads for both: TF intra_op_parallelism_threads and torch.set_num_threads")
    p.add_argument("--inter-op-threads", type=int, default=1,
                   help="TF inter_op_parallelism_threads and torch.set_num_interop_threads (default 1)")
    p.add_argument("--onednn", choices=("default", "on", "off"), default="default",
                   help="TF_ENABLE_ONEDNN_OPTS for TensorFlow (must be set before TF loads; default: TF's choice)")
    p.add_argument("--keras-timing", choices=("fit", "function"), default="fit",
                   help="'fit' (default): time whole gan.fit calls (callbacks and per-call set-up included); "
                   "'function': call the compiled gan.train_function (what fit calls) in a plain loop")
    p.add_argument("--prefetch", action=argparse.BooleanOptionalAction, default=False,
                   help="tf.data .prefetch(AUTOTUNE) on the Keras input pipeline")
    p.add_argument("--data-autotune", action=argparse.BooleanOptionalAction, default=False,
                   help="tf.data autotuning on the Keras input pipeline (default off: see README, 'fit stalls')")
    p.add_argument("--torch-adam", choices=("default", "foreach", "fused"), default="fused",
                   help="torch.optim.Adam implementation (the fastest on this machine by default)")
    p.add_argument("--omp-wait-policy", choices=("passive", "active", "unset"), default="passive",
                   help="OMP_WAIT_POLICY for torch's OpenMP pool (set before torch loads; default passive: "
                   "idle OpenMP threads sleep instead of spinning, much faster for torch on a shared machine)")
    p.add_argument("--gan-variant", choices=("real", "no-grad-norms"), default="real",
                   help="experiment only: 'no-grad-norms' traces the real GAN.train_step with the two logged gradient "
                   "norms (d_grad_norm, g_grad_norm) replaced by 0, to measure what they cost (README)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--skip-check", action="store_true", help="skip the same-loss sanity check")
    args = p.parse_args(argv)
    if args.steps_per_execution < 1 or args.steps < 1 or args.repeats < 1 or args.threads < 1:
        p.error("--steps, --repeats, --threads and --steps-per-execution must be >= 1")
    if args.steps % args.steps_per_execution:
        p.error(f"--steps {args.steps} must be a multiple of --steps-per-execution {args.steps_per_execution}")
    spe = args.steps_per_execution
    args.warmup = max(spe, -(-args.warmup // spe) * spe)
    return args


# ------------------------------------------------------------------------------------------------ set-up


def configure(args) -> None:
    """Environment and thread pools; before TF/torch run any op."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if args.omp_wait_policy != "unset":
        os.environ["OMP_WAIT_POLICY"] = args.omp_wait_policy.upper()
    if args.onednn != "default":
        os.environ["TF_ENABLE_ONEDNN_OPTS"] = "1" if args.onednn == "on" else "0"


def build_keras(args):
    import keras

    from tfgan_repro.gan import GAN
    from tfgan_repro.models.fc import fc_discriminator, fc_generator

    keras.utils.set_random_seed(args.seed)
    generator = fc_generator(LATENT_DIM, HIDDEN, IMAGE_SHAPE)
    discriminator = fc_discriminator(HIDDEN, IMAGE_SHAPE)
    gan_class = GAN if args.gan_variant == "real" else _no_grad_norm_gan()
    gan = gan_class(generator, discriminator, generator_loss="mm_nsat", discriminator_loss="logistic")

    def adam():
        return keras.optimizers.Adam(LR, beta_1=BETA_1, beta_2=BETA_2, epsilon=ADAM_EPS)

    gan.compile(d_optimizer=adam(), g_optimizer=adam(), jit_compile=args.jit,
                steps_per_execution=args.steps_per_execution)
    return gan


def _no_grad_norm_gan():
    """Experiment: GAN whose train_step is traced with `distribute.global_norm` stubbed to 0 (logged norms only;
    this configuration does not use gradient rescaling, the other caller of global_norm)."""
    import tensorflow as tf

    from tfgan_repro import distribute
    from tfgan_repro.gan import GAN

    class NoGradNormGAN(GAN):
        def train_step(self, data):
            original = distribute.global_norm
            distribute.global_norm = lambda gradients: tf.constant(0.0)
            try:
                return super().train_step(data)
            finally:
                distribute.global_norm = original

    return NoGradNormGAN


def build_torch(gan, args):
    """The same networks in torch, initialised with the Keras weights (Dense kernels transposed)."""
    import torch
    from torch import nn

    def mlp(widths, out_activation):
        layers = []
        for i, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
            layers.append(nn.Linear(n_in, n_out))
            last = i == len(widths) - 2
            if not last:
                layers.append(nn.ReLU())
            elif out_activation is not None:
                layers.append(out_activation)
        return nn.Sequential(*layers)

    pixels = IMAGE_SHAPE[0] * IMAGE_SHAPE[1] * IMAGE_SHAPE[2]
    generator = mlp((LATENT_DIM, *HIDDEN, pixels), nn.Tanh())
    discriminator = mlp((pixels, *HIDDEN, 1), None)
    copy_weights(gan.generator, generator)
    copy_weights(gan.discriminator, discriminator)
    kwargs = {"foreach": True} if args.torch_adam == "foreach" else {"fused": True} if args.torch_adam == "fused" else {}
    d_opt = torch.optim.Adam(discriminator.parameters(), LR, betas=(BETA_1, BETA_2), eps=ADAM_EPS, **kwargs)
    g_opt = torch.optim.Adam(generator.parameters(), LR, betas=(BETA_1, BETA_2), eps=ADAM_EPS, **kwargs)
    return generator, discriminator, d_opt, g_opt


def copy_weights(keras_model, torch_model) -> None:
    import keras
    import torch

    dense = [layer for layer in keras_model.layers if isinstance(layer, keras.layers.Dense)]
    linear = [m for m in torch_model if isinstance(m, torch.nn.Linear)]
    assert len(dense) == len(linear)
    with torch.no_grad():
        for k, t in zip(dense, linear):
            kernel, bias = (w.numpy() for w in k.weights)
            t.weight.copy_(torch.from_numpy(kernel.T.copy()))
            t.bias.copy_(torch.from_numpy(bias))


# ------------------------------------------------------------------------------------------------ torch side


def torch_d_loss(real_logits, fake_logits):
    import torch.nn.functional as F

    return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()


def torch_g_loss(fake_logits):
    """MM-nsat: stop_gradient(R) * mean(-softplus(l)), R = (1 + eps - mean Dp) / (mean Dp + eps)."""
    import torch
    import torch.nn.functional as F

    mean_dp = torch.sigmoid(fake_logits.detach()).mean()
    r = (1.0 + NSAT_EPS - mean_dp) / (mean_dp + NSAT_EPS)
    return r * (-F.softplus(fake_logits)).mean()


def torch_train_step(generator, discriminator, d_opt, g_opt, real, latents=None):
    """One D step then one G step, as `GAN.train_step` with n_dis = n_gen = 1."""
    import torch

    batch = real.shape[0]
    d_params = list(discriminator.parameters())
    # D step: G's forward needs no graph.
    with torch.no_grad():
        fake = generator(torch.randn(batch, LATENT_DIM) if latents is None else latents)
    d_loss = torch_d_loss(discriminator(real.flatten(1)), discriminator(fake))
    d_opt.zero_grad(set_to_none=True)
    d_loss.backward()
    d_opt.step()
    # G step: no gradients for D's weights (only through D to G's output), as tape.gradient(loss, G vars).
    for p in d_params:
        p.requires_grad_(False)
    fake_logits = discriminator(generator(torch.randn(batch, LATENT_DIM) if latents is None else latents))
    g_loss = torch_g_loss(fake_logits)
    g_opt.zero_grad(set_to_none=True)
    g_loss.backward()
    g_opt.step()
    for p in d_params:
        p.requires_grad_(True)
    return d_loss, g_loss


# ------------------------------------------------------------------------------------------------ checks


def check_same_math(gan, torch_nets, real_np, args) -> None:
    """Same math on both sides, checked once before timing (fails the run beyond 1e-4 relative).

    1. D loss and MM-nsat G loss on identical weights and inputs (the torch nets hold the Keras weights).
    2. One real `GAN.train_step` (eager, latents fixed through a {"real", "latents"} batch) against one torch
       step on the same batch and latents: its D loss (before D's Adam update) and G loss (after it).
    Afterwards both sides hold (almost) the same weights again; timing then starts from there.
    """
    import tensorflow as tf
    import torch

    from tfgan_repro import distribute

    generator, discriminator, d_opt, g_opt = torch_nets
    rng = np.random.default_rng(args.seed + 1)
    latents = rng.normal(size=(BATCH, LATENT_DIM)).astype(np.float32)
    real = real_np[:BATCH]
    t_real, t_z = torch.from_numpy(real), torch.from_numpy(latents)

    fake = gan.generator(latents, training=True)
    real_logits, fake_logits = gan.discriminator(real, training=True), gan.discriminator(fake, training=True)
    k_d = float(gan.d_loss_fn(real_logits, fake_logits))
    mean_dp = distribute.global_mean(tf.sigmoid(tf.stop_gradient(fake_logits)))
    k_g = float(gan.g_loss_fn(fake_logits, real_logits=None, mean_dp=mean_dp))
    with torch.no_grad():
        t_fake_logits = discriminator(generator(t_z))
        t_d = float(torch_d_loss(discriminator(t_real.flatten(1)), t_fake_logits))
        t_g = float(torch_g_loss(t_fake_logits))

    logs = gan.train_step({"real": tf.constant(real), "latents": tf.constant(latents)})
    s_d, s_g = torch_train_step(generator, discriminator, d_opt, g_opt, t_real, t_z)

    rows = [
        ("D loss, same weights", k_d, t_d),
        ("MM-nsat G loss, same weights", k_g, t_g),
        ("D loss, one train step", float(logs["d_loss"]), float(s_d.detach())),
        ("MM-nsat G loss after the D update", float(logs["g_loss"]), float(s_g.detach())),
    ]
    worst = 0.0
    for name, k, t in rows:
        rel = abs(k - t) / max(abs(t), 1e-30)
        worst = max(worst, rel)
        print(f"check  {name:34s} keras {k:+.7f}  torch {t:+.7f}  rel.err {rel:.1e}")
    if worst > 1e-4:
        raise SystemExit(f"FAILED: the two implementations differ by {worst:.2e} relative (> 1e-4)")
    print(f"check  same math: max rel.err {worst:.1e} <= 1e-4")


# ------------------------------------------------------------------------------------------------ timing


def main(argv=None) -> int:
    args = parse_args(argv)
    configure(args)

    import tensorflow as tf

    tf.config.set_visible_devices([], "GPU")  # CPU against CPU, also on a machine with a GPU
    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.inter_op_threads)
    import torch

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.inter_op_threads)

    gan = build_keras(args)
    torch_nets = build_torch(gan, args)
    generator, discriminator, d_opt, g_opt = torch_nets

    rng = np.random.default_rng(args.seed)
    real_np = rng.uniform(-1.0, 1.0, size=(POOL_BATCHES * BATCH, *IMAGE_SHAPE)).astype(np.float32)
    dataset = tf.data.Dataset.from_tensor_slices(real_np).batch(BATCH, drop_remainder=True).repeat()
    if args.prefetch:
        dataset = dataset.prefetch(tf.data.AUTOTUNE)
    if not args.data_autotune:
        # Nothing to tune in an in-memory pipeline; with autotuning on, every new iterator (one per fit call)
        # added an idle stall of ~0.4-1.3 s per fit call on this machine (README).
        options = tf.data.Options()
        options.autotune.enabled = False
        dataset = dataset.with_options(options)
    real_torch = torch.from_numpy(real_np)
    torch_batches = [real_torch[i * BATCH : (i + 1) * BATCH] for i in range(POOL_BATCHES)]

    print(f"FC-4 GAN, batch {BATCH}, MM-nsat G / logistic D, Adam({LR}, {BETA_1}, {BETA_2}); "
          f"TF {tf.__version__} Keras {__import__('keras').__version__} torch {torch.__version__}")
    print(f"threads: {args.threads} intra-op, {args.inter_op_threads} inter-op for both "
          f"(TF intra/inter_op_parallelism_threads; torch.set_num_threads/set_num_interop_threads); "
          f"{os.cpu_count()} CPUs visible")
    print(f"keras: jit_compile={args.jit} steps_per_execution={args.steps_per_execution} timing={args.keras_timing} "
          f"prefetch={args.prefetch} data_autotune={args.data_autotune} gan={args.gan_variant} TF_ENABLE_ONEDNN_OPTS={os.environ.get('TF_ENABLE_ONEDNN_OPTS', 'unset')}; "
          f"XLA_FLAGS={os.environ.get('XLA_FLAGS', 'unset')}; "
          f"torch: eager, Adam {args.torch_adam}, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')}")

    if not args.skip_check:
        check_same_math(gan, torch_nets, real_np, args)

    iterator = None
    if args.keras_timing == "function":
        gan.make_train_function()
        iterator = iter(dataset)

    def keras_run(steps: int) -> tuple[float, float]:
        start, cpu_start = time.perf_counter(), time.process_time()
        if args.keras_timing == "fit":
            history = gan.fit(dataset, epochs=1, steps_per_epoch=steps, verbose=0, shuffle=False)
            float(history.history["g_loss"][-1])
        else:
            for _ in range(steps // args.steps_per_execution):
                logs = gan.train_function(iterator)
            float(logs["g_loss"])
        return time.perf_counter() - start, time.process_time() - cpu_start

    batch_index = 0

    def torch_run(steps: int) -> tuple[float, float]:
        nonlocal batch_index
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(steps):
            _, g_loss = torch_train_step(generator, discriminator, d_opt, g_opt, torch_batches[batch_index])
            batch_index = (batch_index + 1) % POOL_BATCHES
        float(g_loss.detach())
        return time.perf_counter() - start, time.process_time() - cpu_start

    keras_warmup, _ = keras_run(args.warmup)
    torch_warmup, _ = torch_run(args.warmup)
    print(f"warm-up, excluded: {args.warmup} steps each; keras {keras_warmup:.1f} s (tracing"
          f"{' + XLA compilation' if args.jit else ''}), torch {torch_warmup:.1f} s")

    # ms/step per repeat: wall clock (the result) and process CPU time (all threads; less sensitive to load)
    wall = {"keras": [], "torch": []}
    cpu = {"keras": [], "torch": []}
    for r in range(args.repeats):
        # alternate which side goes first, so drifts in machine load hit both alike
        sides = [("keras", keras_run), ("torch", torch_run)]
        for name, run in sides if r % 2 == 0 else sides[::-1]:
            seconds, cpu_seconds = run(args.steps)
            wall[name].append(1e3 * seconds / args.steps)
            cpu[name].append(1e3 * cpu_seconds / args.steps)
        k, t = wall["keras"][-1], wall["torch"][-1]
        print(f"repeat {r + 1:2d}/{args.repeats}: keras {k:7.2f} ms/step   torch {t:7.2f} ms/step   ratio {k / t:.2f}",
              flush=True)

    k, t = statistics.median(wall["keras"]), statistics.median(wall["torch"])
    k_cpu, t_cpu = statistics.median(cpu["keras"]), statistics.median(cpu["torch"])
    paired = statistics.median(a / b for a, b in zip(wall["keras"], wall["torch"]))
    print(f"median over {args.repeats} repeats of {args.steps} steps, {args.threads} threads each side "
          f"(load average {os.getloadavg()[1]:.1f} on {os.cpu_count()} CPUs):")
    for name, label in (("keras", "keras  "), ("torch", "pytorch")):
        m = statistics.median(wall[name])
        print(f"  {label} {m:7.2f} ms/step  {1e3 / m:6.2f} steps/s   (min {min(wall[name]):.2f}, "
              f"max {max(wall[name]):.2f}; CPU time {statistics.median(cpu[name]):.2f} ms/step)")
    print(f"  median of the per-repeat ratios {paired:.2f}; ratio of the minima "
          f"{min(wall['keras']) / min(wall['torch']):.2f}; CPU-time ratio {k_cpu / t_cpu:.2f}")
    print(f"ratio keras/pytorch: {k / t:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
