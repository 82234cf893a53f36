"""RegGAN and MDGAN (003): one step by hand on linear nets, lambda1 = lambda2 = 0 is GAN, App. B's batch norm,
U[0, 1) latents."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro.gan import GAN
from tfgan_repro.mdgan import MDGAN
from tfgan_repro.models import mlp, mlp_encoder
from tfgan_repro.reg_gan import RegGAN, batch_norm_statistics

LR = 0.1


def linear(kernel: np.ndarray, name: str) -> keras.Model:
    inputs = keras.Input((kernel.shape[0],))
    layer = keras.layers.Dense(kernel.shape[1], use_bias=False, kernel_initializer=keras.initializers.Constant(kernel))
    return keras.Model(inputs, layer(inputs), name=name)


def sigmoid(values):
    return 1.0 / (1.0 + np.exp(-values))


def kernel(model) -> np.ndarray:
    return model.trainable_weights[0].numpy()


@pytest.fixture
def linear_problem(rng):
    """x, z and kernels of E (2 -> 3), G (3 -> 2), D (2 -> 1)."""
    return dict(x=rng.normal(size=(6, 2)).astype(np.float32), z=rng.normal(size=(6, 3)).astype(np.float32),
                A=rng.normal(size=(2, 3)).astype(np.float32), W=rng.normal(size=(3, 2)).astype(np.float32),
                v=rng.normal(size=(2, 1)).astype(np.float32), v1=rng.normal(size=(2, 1)).astype(np.float32))


def _fit_one(gan, batch):
    gan.fit(tf.data.Dataset.from_tensors(batch), epochs=1, verbose=0)


def regularizer_gradients(x, A, W, v, lam1, lam2):
    """d/dW and d/dA of lam1 mean ||x - xAW||^2 + lam2 mean softplus(-(xAW) v), written out."""
    z = x @ A
    r = z @ W
    d_r = (lam1 * -2.0 * (x - r) + lam2 * -sigmoid(-(r @ v)) * v[:, 0][None, :]) / len(x)
    return z.T @ d_r, x.T @ (d_r @ W.T)


def ns_gradient(z, W, v):
    """d/dW of mean softplus(-(zW) v)."""
    return z.T @ (-sigmoid(-(z @ W @ v)) * v[:, 0][None, :]) / len(z)


def test_reg_gan_step_by_hand(linear_problem):
    """D frozen (lr 0): G descends NS + lambda1 metric + lambda2 mode; then E descends T_E at the new G."""
    p, lam1, lam2 = linear_problem, 0.3, 0.7
    gan = RegGAN(linear(p["W"], "generator"), linear(p["v"], "discriminator"), linear(p["A"], "encoder"),
                 encoder_optimizer=keras.optimizers.SGD(LR), reconstruction_weight=lam1, mode_weight=lam2)
    gan.compile(d_optimizer=keras.optimizers.SGD(0.0), g_optimizer=keras.optimizers.SGD(LR))
    _fit_one(gan, {"real": p["x"], "latents": p["z"]})
    grad_W, _ = regularizer_gradients(p["x"], p["A"], p["W"], p["v"], lam1, lam2)
    W1 = p["W"] - LR * (ns_gradient(p["z"], p["W"], p["v"]) + grad_W)
    np.testing.assert_allclose(kernel(gan.generator), W1, rtol=1e-5, atol=1e-6)
    _, grad_A = regularizer_gradients(p["x"], p["A"], W1, p["v"], lam1, lam2)
    np.testing.assert_allclose(kernel(gan.encoder), p["A"] - LR * grad_A, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(kernel(gan.discriminator), p["v"])


def _players(seed):
    keras.utils.set_random_seed(seed)
    return mlp(3, (8,), 2, name="generator"), mlp(2, (8,), 1, name="discriminator")


def test_zero_weights_give_the_gan_update_exactly(rng):
    x = rng.normal(size=(4, 16, 2)).astype(np.float32)
    z = rng.normal(size=(4, 16, 3)).astype(np.float32)
    batches = tf.data.Dataset.from_tensor_slices({"real": x, "latents": z})
    models = []
    for kind in ("gan", "reg_gan"):
        generator, discriminator = _players(3)
        if kind == "gan":
            model = GAN(generator, discriminator)
        else:
            model = RegGAN(generator, discriminator, mlp_encoder(2, 3, (8,)), encoder_optimizer=keras.optimizers.Adam())
        model.compile(d_optimizer=keras.optimizers.Adam(1e-2), g_optimizer=keras.optimizers.Adam(1e-2))
        model.fit(batches, epochs=1, verbose=0)
        models.append(model)
    for player in ("generator", "discriminator"):
        for a, b in zip(getattr(models[0], player).get_weights(), getattr(models[1], player).get_weights()):
            np.testing.assert_array_equal(a, b)


def test_mdgan_step_by_hand(linear_problem):
    """G and E frozen: D1 descends the logistic cost on x vs G(E(x)); D2 on G(E(x)) (real) vs G(z) (fake)."""
    p = linear_problem
    gan = MDGAN(linear(p["W"], "generator"), linear(p["v"], "discriminator"), linear(p["v1"], "d1"),
                linear(p["A"], "encoder"), manifold_d_optimizer=keras.optimizers.SGD(LR),
                encoder_optimizer=keras.optimizers.SGD(0.0), manifold_weight=0.5)
    gan.compile(d_optimizer=keras.optimizers.SGD(LR), g_optimizer=keras.optimizers.SGD(0.0))
    _fit_one(gan, {"real": p["x"], "latents": p["z"]})
    reconstruction = p["x"] @ p["A"] @ p["W"]
    fake = p["z"] @ p["W"]

    def logistic_gradient(real, fake_points, w):  # d/dw of mean softplus(-real w) + mean softplus(fake w)
        return (real.T @ -sigmoid(-(real @ w)) + fake_points.T @ sigmoid(fake_points @ w)) / len(real)

    np.testing.assert_allclose(kernel(gan.manifold_discriminator),
                               p["v1"] - LR * logistic_gradient(p["x"], reconstruction, p["v1"]), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(kernel(gan.discriminator),
                               p["v"] - LR * logistic_gradient(reconstruction, fake, p["v"]), rtol=1e-5, atol=1e-6)


def test_mdgan_generator_steps_by_hand(linear_problem):
    """Discriminators frozen: G descends d + lambda (-log D1(G(E(x)))) with E (manifold), then NS on D2."""
    p, lam = linear_problem, 0.5
    gan = MDGAN(linear(p["W"], "generator"), linear(p["v"], "discriminator"), linear(p["v1"], "d1"),
                linear(p["A"], "encoder"), manifold_d_optimizer=keras.optimizers.SGD(0.0),
                encoder_optimizer=keras.optimizers.SGD(LR), manifold_weight=lam)
    gan.compile(d_optimizer=keras.optimizers.SGD(0.0), g_optimizer=keras.optimizers.SGD(LR))
    _fit_one(gan, {"real": p["x"], "latents": p["z"]})
    grad_W, grad_A = regularizer_gradients(p["x"], p["A"], p["W"], p["v1"], 1.0, lam)
    W1 = p["W"] - LR * grad_W
    np.testing.assert_allclose(kernel(gan.encoder), p["A"] - LR * grad_A, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(kernel(gan.generator), W1 - LR * ns_gradient(p["z"], W1, p["v"]), rtol=1e-5, atol=1e-6)


def _bn_generator():
    inputs = keras.Input((3,))
    x = keras.layers.BatchNormalization(name="bn")(keras.layers.Dense(4)(inputs))
    return keras.Model(inputs, keras.layers.Dense(2)(x), name="generator")


def test_e_path_has_its_own_batch_statistics_and_leaves_the_moving_ones(rng):
    keras.utils.set_random_seed(0)
    gan = RegGAN(_bn_generator(), mlp(2, (4,), 1, name="discriminator"), mlp_encoder(2, 3, (4,)),
                 encoder_optimizer=keras.optimizers.SGD(0.1), reconstruction_weight=1.0, mode_weight=1.0)
    statistics = batch_norm_statistics(gan.generator)
    assert len(statistics) == 2
    before = [v.numpy().copy() for v in statistics]
    x = tf.constant(rng.normal(size=(8, 2)).astype(np.float32))
    reconstruction = gan.reconstruct(x).numpy()
    for variable, value in zip(statistics, before):
        np.testing.assert_array_equal(variable.numpy(), value)
    # In training the E(x) batch is normalised with its own statistics, not the moving ones.
    assert not np.allclose(reconstruction, gan.reconstruct(x, training=False).numpy())
    gan.generator(gan.sample_latents(8), training=True)  # a z batch moves them
    assert not np.allclose(statistics[0].numpy(), before[0])


def test_unit_uniform_latents(rng):
    gan = RegGAN(*_players(0), mlp_encoder(2, 3, (4,)), latent_distribution="unit_uniform")
    latents = gan.sample_latents(4000).numpy()
    assert latents.min() >= 0.0 and latents.max() < 1.0 and abs(latents.mean() - 0.5) < 0.02
    with pytest.raises(ValueError, match="latent_distribution"):
        RegGAN(*_players(0), mlp_encoder(2, 3, (4,)), latent_distribution="beta")
    with pytest.raises(ValueError, match="latent size"):
        RegGAN(*_players(0), mlp_encoder(2, 5, (4,)))


def test_regularized_compile_needs_an_encoder_optimizer():
    gan = RegGAN(*_players(0), mlp_encoder(2, 3, (4,)), reconstruction_weight=1.0)
    with pytest.raises(ValueError, match="encoder_optimizer"):
        gan.compile(d_optimizer=keras.optimizers.SGD(0.1), g_optimizer=keras.optimizers.SGD(0.1))
