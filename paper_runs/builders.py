"""Config -> models, optimizers (with their learning-rate schedules) and the GAN: written once for every paper.

Conventions of the config keys read here (an absent key takes the default in brackets):

    generator_loss, discriminator_loss        registry names (tfgan_repro.losses)
    generator_loss_a [None]                   the `a` of linear combinations / add-a costs; None: the cost takes none
    generator_reduction, discriminator_reduction ["mean"]   "sum" sums per-sample costs (000's reference code)
    penalty [None], penalty_weight [10.0]     D's gradient penalty and its lambda, applied to the penalty reduced
                                              over the batch as D's cost is (summed costs: lambda x the sum)
    n_dis, n_gen [1], g_first, simultaneous [False], gradient_rescaling [None], ema_decay [None],
    compare_generator_loss [None], log_update_norms [False], latent_distribution ["normal"; "uniform" U[-1, 1),
                                              "unit_uniform" U[0, 1) (003's toy; RegGAN / MDGAN only)]
    model ["gan"]                             "gan", "reg_gan" or "mdgan" (003): `build_gan_model`
    encoder ["mlp"], e_hidden, e_output_activation [None]   003's encoder: "mlp" (hidden layers e_hidden; e.g.
                                              "sigmoid" output for U[0, 1) latents) or "conv" (DCGAN)
    lambda1, lambda2 [0.0], reconstruction_distance ["squared_l2"]   Reg-GAN's regularizer weights and d
    mdgan_lambda [1.0]                        MDGAN's lambda on log D1(G(E(x))) (App. A)
    <player>_lr, adam_beta1, adam_beta2, <player>_adam_beta2 [None: adam_beta2], adam_epsilon [1e-8]
    lr_decay_start [None]                     linear decay to 0 from that step to `steps` (004's image runs)
    init ["keras"]                            "keras" (glorot-uniform, zero biases), "torch" (nn.Linear's
                                              default), "normal" (N(0, 1) kernels, 0.01 biases)

Random streams of a run, all keyed by its seed so that they never overlap: the data stream (`stream_seed`),
the fixed evaluation latents (`evaluation_rng`) and the re-initialisation of the toy MLPs (INIT_STREAM).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

if TYPE_CHECKING:  # TensorFlow loads when a run is built, so --list and input errors stay fast
    import keras

    from tfgan_repro.gan import GAN

EVAL_STREAM = 7919
INIT_STREAM = 104729
INIT_SCHEMES = ("keras", "torch", "normal")


def stream_seed(seed: int) -> int:
    """Seed of a run's data stream: the run's seed (a resumed run skips the batches already used in this same
    stream, so it sees the data an uninterrupted run would)."""
    return int(seed)


def evaluation_rng(seed: int) -> np.random.Generator:
    """The generator of a run's fixed evaluation latents (the same at every evaluation and after a resume)."""
    return np.random.default_rng([int(seed), EVAL_STREAM])


def draw_latents(rng: np.random.Generator, count: int, dim: int, distribution: str = "normal") -> np.ndarray:
    """float32 [count, dim] latents: N(0, I), U[-1, 1) ("uniform") or U[0, 1) ("unit_uniform")."""
    if distribution == "uniform":
        return rng.uniform(-1.0, 1.0, (int(count), int(dim))).astype(np.float32)
    if distribution == "unit_uniform":
        return rng.uniform(0.0, 1.0, (int(count), int(dim))).astype(np.float32)
    return rng.standard_normal((int(count), int(dim))).astype(np.float32)


# ------------------------------------------------------------------------------------------- models


def _dense_layers(model: "keras.Model") -> list:
    import keras

    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def torch_default_init(model: "keras.Model", rng: np.random.Generator) -> None:
    """Every Dense layer as PyTorch's nn.Linear: kernel and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (004's
    reference code is PyTorch)."""
    for layer in _dense_layers(model):
        bound = 1.0 / np.sqrt(layer.kernel.shape[0])
        layer.kernel.assign(rng.uniform(-bound, bound, layer.kernel.shape).astype(np.float32))
        if layer.bias is not None:
            layer.bias.assign(rng.uniform(-bound, bound, layer.bias.shape).astype(np.float32))


def normal_init(model: "keras.Model", rng: np.random.Generator, bias: float = 0.01) -> None:
    """Kernels ~ N(0, 1), biases = 0.01 (002's notebook: nn.init.normal_ and bias.fill_(0.01))."""
    for layer in _dense_layers(model):
        layer.kernel.assign(rng.standard_normal(layer.kernel.shape).astype(np.float32))
        if layer.bias is not None:
            layer.bias.assign(np.full(layer.bias.shape, bias, np.float32))


def initialise(models: Sequence["keras.Model"], scheme: str, seed: int) -> None:
    """Re-initialise the players' Dense layers by `scheme` (see the module docstring)."""
    if scheme not in INIT_SCHEMES:
        raise ValueError(f"unknown init {scheme!r}; valid: {', '.join(INIT_SCHEMES)}")
    if scheme == "keras":
        return  # glorot-uniform kernels, zero biases (= TF1 tf.layers.dense, the 000 reference code)
    init = torch_default_init if scheme == "torch" else normal_init
    for index, model in enumerate(models):
        init(model, np.random.default_rng([int(seed), INIT_STREAM, index]))


def mlp_players(config: Mapping, data_dim: int, latent_dim: int) -> tuple:
    """(generator, discriminator) MLPs for vector data: `g_hidden`, `d_hidden`, `g_activation` / `d_activation`
    (falling back to `activation`)."""
    from tfgan_repro.models import mlp

    g_activation = config.get("g_activation") or config["activation"]
    d_activation = config.get("d_activation") or config["activation"]
    generator = mlp(latent_dim, config["g_hidden"], data_dim, activation=g_activation, name="generator")
    discriminator = mlp(data_dim, config["d_hidden"], 1, activation=d_activation, name="discriminator")
    return generator, discriminator


IMAGE_ARCHITECTURES = ("fc", "conv", "dcgan", "sn_cnn", "sn_resnet")


def image_players(config: Mapping, image_shape: tuple) -> tuple:
    """(generator, discriminator) for images by `architecture`:

    fc / conv   000's FC-n (`width` units) and Conv-n (`width` = base channels m), n = `layers`;
                `d_spectral_norm` for Conv-n-sn
    dcgan       the DCGAN pair
    sn_cnn / sn_resnet   004's SN-CNN / SN-ResNet: `nf` (None: the model's default), `width` a channel
                multiplier, `d_spectral_norm`, `bottleneck` (ResNet)
    """
    from tfgan_repro import models

    architecture = config["architecture"]
    latent_dim = int(config["latent_dim"])
    spectral_norm = bool(config.get("d_spectral_norm", False))
    if architecture == "fc":
        hidden = [int(config["width"])] * (int(config["layers"]) - 1)
        return models.fc_generator(latent_dim, hidden, image_shape), models.fc_discriminator(hidden, image_shape)
    if architecture == "conv":
        n, m = int(config["layers"]), int(config["width"])
        return (models.conv_generator(latent_dim, image_shape, n=n, base_channels=m),
                models.conv_discriminator(image_shape, n=n, base_channels=m, spectral_norm=spectral_norm))
    if architecture == "dcgan":
        return models.dcgan_generator(latent_dim, image_shape), models.dcgan_discriminator(image_shape)
    nf, width = config.get("nf"), float(config.get("width", 1.0))
    if architecture == "sn_cnn":
        nf = 64 if nf is None else int(nf)
        return (models.sn_cnn_generator(latent_dim, image_shape, nf, width),
                models.sn_cnn_discriminator(image_shape, nf, width, spectral_norm=spectral_norm))
    if architecture == "sn_resnet":
        bottleneck = bool(config.get("bottleneck", False))
        nf = None if nf is None else int(nf)
        return (models.sn_resnet_generator(latent_dim, image_shape, nf=nf, width=width, bottleneck=bottleneck),
                models.sn_resnet_discriminator(image_shape, nf=nf, width=width, bottleneck=bottleneck))
    raise ValueError(f"unknown architecture {architecture!r}; valid: {', '.join(IMAGE_ARCHITECTURES)}")


# ------------------------------------------------------------------------------------------- optimizers


def linear_decay(learning_rate: float, start: int, end: int):
    """A Keras schedule: `learning_rate` until optimizer iteration `start`, then linear to 0 at `end`."""
    import keras
    import tensorflow as tf

    class LinearDecay(keras.optimizers.schedules.LearningRateSchedule):
        def __call__(self, step):
            step = tf.cast(step, tf.float32)
            return float(learning_rate) * tf.clip_by_value((float(end) - step) / float(max(end - start, 1)), 0.0, 1.0)

        def get_config(self):
            return {"learning_rate": learning_rate, "start": start, "end": end}

    return LinearDecay()


def adam(config: Mapping, player: str) -> "keras.optimizers.Adam":
    """Adam of `player` ("g" or "d"): `<player>_lr`, `adam_beta1`, `<player>_adam_beta2` (None: `adam_beta2`),
    `adam_epsilon`; with `lr_decay_start` the rate decays linearly to 0 at `steps` (counted in the player's
    own updates: n_dis or n_gen per step)."""
    import keras

    learning_rate = float(config[f"{player}_lr"])
    if config.get("lr_decay_start") is not None:
        per_step = int(config.get("n_dis" if player == "d" else "n_gen", 1))
        learning_rate = linear_decay(learning_rate, int(config["lr_decay_start"]) * per_step,
                                     int(config["steps"]) * per_step)
    beta_2 = config.get(f"{player}_adam_beta2")
    return keras.optimizers.Adam(
        learning_rate=learning_rate,
        beta_1=float(config["adam_beta1"]),
        beta_2=float(config["adam_beta2"] if beta_2 is None else beta_2),
        epsilon=float(config.get("adam_epsilon", 1e-8)),
    )


def sgd(learning_rate: float, momentum: float = 0.0) -> "keras.optimizers.SGD":
    """Plain SGD (with momentum), as 002's notebook and 004's two-cluster code."""
    import keras

    return keras.optimizers.SGD(float(learning_rate), momentum=float(momentum))


# ------------------------------------------------------------------------------------------- the GAN


def penalty_weight(config: Mapping) -> float:
    """The GAN's weight on the batch-mean penalty for `penalty_weight` = lambda on the penalty reduced as D's
    cost is: with summed D costs (000: lambda/2 ||grad D(x)||^2 added to each real sample's cost) that is
    lambda x batch size; with mean costs, lambda."""
    weight = float(config.get("penalty_weight", 10.0))
    return weight * int(config["batch_size"]) if config.get("discriminator_reduction") == "sum" else weight


def gan_settings(config: Mapping) -> dict:
    """GAN's keyword arguments for `config` (keys in the module docstring)."""
    g_params = {"reduction": config.get("generator_reduction", "mean")}
    if config.get("generator_loss_a") is not None:
        g_params["a"] = float(config["generator_loss_a"])
    penalty = config.get("penalty")
    return dict(
        generator_loss=config["generator_loss"],
        discriminator_loss=config["discriminator_loss"],
        generator_loss_params=g_params,
        discriminator_loss_params={"reduction": config.get("discriminator_reduction", "mean")},
        penalty=penalty,
        penalty_weight=penalty_weight(config) if penalty else 10.0,
        n_dis=int(config.get("n_dis", 1)),
        n_gen=int(config.get("n_gen", 1)),
        g_first=bool(config.get("g_first", False)),
        simultaneous=bool(config.get("simultaneous", False)),
        gradient_rescaling=config.get("gradient_rescaling"),
        ema_decay=None if config.get("ema_decay") is None else float(config["ema_decay"]),
        latent_distribution=config.get("latent_distribution", "normal"),
        compare_generator_loss=config.get("compare_generator_loss"),
        log_update_norms=bool(config.get("log_update_norms", False)),
    )


def build_gan(config: Mapping, generator: "keras.Model", discriminator: "keras.Model", **extra) -> "GAN":
    """The GAN of `config` (keys in the module docstring); `extra` for what the data fixes, e.g.
    share_real_batch for full-batch experiments."""
    from tfgan_repro.gan import GAN

    return GAN(generator, discriminator, **{**gan_settings(config), **extra})


# ------------------------------------------------------------------------------------------- 003: E, Reg-GAN, MDGAN

GAN_MODELS = ("gan", "reg_gan", "mdgan")
ENCODER_SETTINGS = ("encoder_optimizer", "distance")


def encoder(config: Mapping, data_shape: Sequence[int], latent_dim: int) -> "keras.Model":
    """003's encoder by `encoder`: "mlp" (hidden `e_hidden`, ReLU, linear output; images flattened) or "conv" (images;
    the DCGAN conv stack reversed, App. B; `base_channels` [64])."""
    from tfgan_repro.models import conv_encoder, mlp_encoder

    import keras

    kind = config.get("encoder", "mlp")
    if kind == "mlp":
        body = mlp_encoder(int(np.prod(data_shape)), latent_dim, tuple(config["e_hidden"]),
                           output_activation=config.get("e_output_activation"))
        if len(data_shape) == 1:
            return body
        inputs = keras.Input(tuple(data_shape))  # images: flattened first
        return keras.Model(inputs, body(keras.layers.Flatten()(inputs)), name="encoder")
    if kind == "conv":
        return conv_encoder(tuple(data_shape), latent_dim, base_channels=int(config.get("base_channels", 64)))
    raise ValueError(f"unknown encoder {kind!r}; valid: mlp, conv")


def build_gan_model(config: Mapping, generator: "keras.Model", discriminator: "keras.Model",
                    data_shape: Sequence[int], **extra) -> "GAN":
    """`model` = "gan" (build_gan; with "unit_uniform" latents a RegGAN with lambda1 = lambda2 = 0, whose step
    is GAN's exactly), "reg_gan" (RegGAN with lambda1, lambda2; E's Adam from `e_lr` and the
    Adam keys, unless `extra` gives encoder_optimizer) or "mdgan" (MDGAN; D1 a fresh copy of D's architecture
    with its own Adam of D's settings).
    Call inside the strategy scope (the extra optimizers are made here)."""
    model = config.get("model", "gan")
    if model not in GAN_MODELS:
        raise ValueError(f"unknown model {model!r}; valid: {', '.join(GAN_MODELS)}")
    if model == "gan" and config.get("latent_distribution") != "unit_uniform":
        plain = {key: value for key, value in extra.items() if key not in ENCODER_SETTINGS}  # no E to train
        return build_gan(config, generator, discriminator, **plain)
    import keras

    from tfgan_repro.mdgan import MDGAN
    from tfgan_repro.reg_gan import RegGAN

    settings = {**gan_settings(config), "distance": config.get("reconstruction_distance", "squared_l2"), **extra}
    if settings.get("encoder_optimizer") is None:
        settings["encoder_optimizer"] = adam(config, "e")
    e = encoder(config, data_shape, int(generator.input_shape[-1]))
    if model != "mdgan":
        regularized = model == "reg_gan"
        return RegGAN(generator, discriminator, e,
                      reconstruction_weight=float(config.get("lambda1", 0.0)) if regularized else 0.0,
                      mode_weight=float(config.get("lambda2", 0.0)) if regularized else 0.0, **settings)
    manifold_discriminator = keras.models.clone_model(discriminator)
    return MDGAN(generator, discriminator, manifold_discriminator, e, manifold_d_optimizer=adam(config, "d"),
                 manifold_weight=float(config.get("mdgan_lambda", 1.0)), **settings)
