"""004 App. D: restart a GAN from a bad initial point, the D of a mode-collapse run with the G of a successful run.

The paper's procedure, for each loss (JS-GAN, RS-GAN) separately:
  1. search: train the loss from random initialisations (`search_seeds`, `search_steps`, `search_lr`);
  2. pick the G of a run that recovered every mode and the D of a run that collapsed;
  3. re-train the same loss from (collapsed D, successful G), here at the run's own learning rate and seed.

`restart_build(build, judge)` wraps an experiment's ordinary build function. The search runs are shared by
every restart of the same loss and search settings: they live in `<experiment dir>/_bad_init/<key>/seed-<k>/`
with their checkpoints (an interrupted search resumes) and a `search.json` of final metrics once finished;
the experiment's `judge` labels each from those metrics whenever the search is read.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Callable

import numpy as np

from paper_runs import results as results_io
from paper_runs.config import config_hash
from paper_runs.training import GANSetup, build_gan, train_gan

SUCCESS, COLLAPSE, NEITHER = "success", "collapse", "neither"

# judge(metrics) -> (verdict, score): verdict SUCCESS / COLLAPSE / NEITHER; among successes the lowest score
# is the best G, among collapses the highest score the most collapsed D.
Judge = Callable[[dict], tuple[str, float]]

# forced_collapse: where the collapsed D comes from. "never": a collapsed search run (the paper's procedure);
# "fallback": that, else a D trained against a collapsed G (below); "always": the latter even if a run collapsed.
FORCED_COLLAPSE_MODES = ("never", "fallback", "always")


class NoBadStart(ValueError):
    """The search found no successful run or no collapsed run for this loss (a ValueError: one-line error)."""


def search_config(config: dict) -> dict:
    """The settings of the search runs: the run's config at `search_lr` for `search_steps` steps."""
    lr = float(config["search_lr"])
    return {**config, "steps": int(config["search_steps"]), "g_lr": lr, "d_lr": lr, "eval_every": 0}


def search_key(config: dict) -> str:
    """Search runs are shared by every restart whose search settings agree (the lr and seed of the restart,
    and the restart steps, are not part of the key)."""
    restart_only = ("search_seeds", "forced_collapse", "variant", "seed")
    shared = {k: v for k, v in search_config(config).items() if k not in restart_only}
    return f"{config['discriminator_loss']}-{config['generator_loss']}-{config_hash(shared)}"


def _search_run(build, config: dict, context, seed: int, directory: Path, log) -> dict:
    record_path = directory / "search.json"
    if record_path.exists():
        return json.loads(record_path.read_text())  # the verdict is re-judged by the caller
    import keras

    settings = search_config(config)
    sub_context = dataclasses.replace(context, seed=int(seed), run_dir=directory, notes=[])
    # Seeded by the search seed, so a search run is the same whichever restart happens to run it first.
    keras.utils.set_random_seed(int(seed))
    setup = build_gan(build, settings, sub_context)
    log(f"bad init search: {context.variant} seed {seed}, {settings['steps']} steps at lr {settings['g_lr']:g}")
    result = train_gan(setup, settings, directory, label=f"search seed {seed}", progress=False)
    metrics = setup.finish(setup.gan, result.series).metrics if result.status == results_io.STATUS_COMPLETED else {}
    np.savez(directory / "generator.npz", *setup.gan.generator.get_weights())
    np.savez(directory / "discriminator.npz", *setup.gan.discriminator.get_weights())
    record = {"seed": int(seed), "status": result.status,
              "metrics": {k: v for k, v in metrics.items() if _summary_value(v)}}
    results_io.atomic_write_json(record_path, record)
    return record


def _summary_value(value) -> bool:
    """Final scalars and short lists of scalars (e.g. class frequencies) are kept for the judge; positions,
    samples and time series are not."""
    if np.isscalar(value):
        return True
    return isinstance(value, list) and len(value) <= 100 and all(np.isscalar(item) for item in value)


def _judged(record: dict, judge: Judge) -> dict:
    verdict, score = judge(record["metrics"]) if record["metrics"] else (NEITHER, float("nan"))
    return {**record, "verdict": verdict, "score": score}


def _weights(path: Path) -> list:
    with np.load(path) as archive:
        return [archive[f"arr_{i}"] for i in range(len(archive.files))]


@dataclasses.dataclass
class BadStart:
    generator_weights: list
    discriminator_weights: list
    record: dict  # which search seeds were picked, and every search run's verdict


def find_bad_start(build, config: dict, context, judge: Judge, log=print) -> BadStart:
    """Run (or read back) the search for this loss and pick (collapsed D, successful G)."""
    root = context.run_dir.parent / "_bad_init" / search_key(config)
    records = [_judged(_search_run(build, config, context, seed, root / f"seed-{seed}", log), judge)
               for seed in config["search_seeds"]]
    successes = sorted((r for r in records if r["verdict"] == SUCCESS), key=lambda r: r["score"])
    collapses = sorted((r for r in records if r["verdict"] == COLLAPSE), key=lambda r: -r["score"])
    summary = {str(r["seed"]): r["verdict"] for r in records}
    mode = config.get("forced_collapse", "never")
    if mode not in FORCED_COLLAPSE_MODES:
        raise ValueError(f"forced_collapse must be one of {', '.join(FORCED_COLLAPSE_MODES)}, got {mode!r}")
    forced = bool(successes) and (mode == "always" or (mode == "fallback" and not collapses))
    if not successes or not (collapses or forced):
        missing = "successful" if not successes else "collapsed"
        raise NoBadStart(f"no {missing} run among the {len(records)} search runs of "
                         f"{config['discriminator_loss']}/{config['generator_loss']} ({summary}); try more "
                         f"search_seeds, another search_steps / search_lr, or forced_collapse=fallback")
    generator_seed = successes[0]["seed"]
    generator_weights = _weights(root / f"seed-{generator_seed}" / "generator.npz")
    if forced:
        directory = root / f"forced-collapse-g{generator_seed}"
        _forced_collapse_run(build, config, context, generator_weights, directory, log)
        discriminator_seed, discriminator_path = "forced", directory / "discriminator.npz"
    else:
        discriminator_seed = collapses[0]["seed"]
        discriminator_path = root / f"seed-{discriminator_seed}" / "discriminator.npz"
    return BadStart(
        generator_weights,
        _weights(discriminator_path),
        {"search_dir": str(root), "generator_seed": generator_seed, "discriminator_seed": discriminator_seed,
         "verdicts": summary, "search_runs": records},
    )


def _forced_collapse_run(build, config: dict, context, generator_weights: list, directory: Path, log) -> None:
    """The collapse state of the paper's theory, made rather than searched for. A fresh D is
    trained for `search_steps` (at `search_lr`) against the successful G fed one fixed latent z0, i.e. a
    generator whose every sample is the same point G(z0) on one mode; G does not move (lr 0). The D it leaves
    is the D of a fully collapsed G."""
    import keras
    import tensorflow as tf

    if (directory / "discriminator.npz").exists():
        return
    seed = int(config["search_seeds"][0])
    keras.utils.set_random_seed(seed)
    settings = {**search_config(config), "g_lr": 0.0}
    setup = build_gan(build, settings, dataclasses.replace(context, seed=seed, run_dir=directory, notes=[]))
    setup.gan.generator.set_weights(generator_weights)  # g_lr = 0: G stays this collapsed one (no EMA here)
    latent = np.random.default_rng([seed, 1]).standard_normal(setup.gan.latent_dim).astype(np.float32)
    stream = setup.dataset

    def one_latent() -> tf.data.Dataset:
        def attach(*batch):
            real = batch[0]
            return {"real": real, "latents": tf.tile(latent[None], [tf.shape(real)[0], 1])}

        return stream().map(attach)

    log(f"bad init: training D for {settings['steps']} steps against a collapsed G (forced_collapse="
        f"{config['forced_collapse']})")
    train_gan(dataclasses.replace(setup, dataset=one_latent, evaluate=None), {**settings, "eval_every": 0},
              directory, label="forced collapse", progress=False)
    np.savez(directory / "generator.npz", *setup.gan.generator.get_weights())  # unchanged (lr 0): a check
    np.savez(directory / "discriminator.npz", *setup.gan.discriminator.get_weights())


def restart_build(build: Callable[[dict, object], GANSetup], judge: Judge) -> Callable[[dict, object], GANSetup]:
    """`build` whose GAN starts from the bad initial point of its own loss (found or read back first).
    A resumed restart overwrites these weights from its checkpoint, as it should."""

    def wrapped(config: dict, context) -> GANSetup:
        import keras

        start = find_bad_start(build, config, context, judge)
        keras.utils.set_random_seed(int(context.seed))  # the restart's own seed, as if no search had run
        setup = build(config, context)
        setup.gan.generator.set_weights(start.generator_weights)
        setup.gan.discriminator.set_weights(start.discriminator_weights)
        source = start.record["discriminator_seed"]
        d_text = (f"D trained against that G fed one fixed latent (forced_collapse={config['forced_collapse']})"
                  if source == "forced" else f"D of search seed {source} (collapse)")
        context.note(f"bad initial point (App. D): G of search seed {start.record['generator_seed']} (success), "
                     f"{d_text}; search verdicts {start.record['verdicts']} in {start.record['search_dir']}")
        finish = setup.finish

        def finish_with_start(model, series: dict):
            outcome = finish(model, series)
            outcome.metrics["bad_start"] = {k: v for k, v in start.record.items() if k != "search_runs"}
            outcome.metrics["bad_start"]["search_metrics"] = {
                str(r["seed"]): r["metrics"] for r in start.record["search_runs"]}
            return outcome

        return dataclasses.replace(setup, finish=finish_with_start)

    return wrapped

