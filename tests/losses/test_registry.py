"""The registry's names, errors and the relativistic/separable values the papers state."""

import math
import re

import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro import losses

ISSUE_GENERATOR_NAMES = {
    "mm", "ns", "mm_nsat", "ns_mm", "ns_mm_nsat", "ns_add", "mm_nsat_add", "ns_exp2", "mm_nsat_exp2",
    "ns_exp05", "mm_nsat_exp05", "ls", "hinge", "wasserstein", "rs", "rp_hinge", "rp_ls",
}
ISSUE_DISCRIMINATOR_NAMES = {"logistic", "ls", "hinge", "wasserstein", "rs", "rp_hinge", "rp_ls"}


def test_registry_has_every_formulation():
    assert set(losses.GENERATOR_LOSSES) == ISSUE_GENERATOR_NAMES
    assert set(losses.DISCRIMINATOR_LOSSES) == ISSUE_DISCRIMINATOR_NAMES


def test_unknown_names_list_the_valid_ones():
    with pytest.raises(ValueError, match=r"unknown generator loss 'nope'; valid: .*mm_nsat"):
        losses.get_generator_loss("nope")
    with pytest.raises(ValueError, match=r"unknown discriminator loss 'nope'; valid: .*logistic"):
        losses.get_discriminator_loss("nope")
    with pytest.raises(ValueError, match=r"unknown penalty 'nope'; valid: .*wgan_gp"):
        losses.get_penalty("nope")


def test_parameters_are_checked_at_lookup():
    with pytest.raises(ValueError, match="needs parameter"):
        losses.get_generator_loss("ns_add")
    with pytest.raises(ValueError, match="does not take"):
        losses.get_generator_loss("mm", a=1.0)
    with pytest.raises(ValueError, match="unknown reduction"):
        losses.get_discriminator_loss("logistic", reduction="max")


def test_relativistic_values_at_equal_logits(rng):
    logits = tf.constant(rng.normal(size=16), tf.float32)
    assert float(losses.get_discriminator_loss("rs")(logits, logits)) == pytest.approx(math.log(2), rel=1e-6)
    assert float(losses.get_generator_loss("rs")(logits, real_logits=logits)) == pytest.approx(math.log(2), rel=1e-6)
    assert float(losses.get_discriminator_loss("rp_hinge")(logits, logits)) == pytest.approx(1.0)
    assert float(losses.get_generator_loss("rp_hinge")(logits, real_logits=logits)) == pytest.approx(1.0)
    assert float(losses.get_discriminator_loss("rp_ls")(logits, logits)) == pytest.approx(1.0)


def test_relativistic_costs_pair_samples_elementwise():
    real = tf.constant([3.0, -1.0])
    fake = tf.constant([0.0, 2.0])
    # pairs (3, 0) and (-1, 2): softplus(0 - 3), softplus(2 + 1)
    expected = np.mean([np.log1p(np.exp(-3.0)), np.log1p(np.exp(3.0))])
    assert float(losses.get_discriminator_loss("rs")(real, fake)) == pytest.approx(expected, rel=1e-6)


def test_paired_costs_reject_unequal_batches():
    with pytest.raises(ValueError, match="pairs real i with fake i, but got 3 real and 2 fake"):
        losses.get_discriminator_loss("rs")(tf.zeros([3]), tf.zeros([2]))
    with pytest.raises(ValueError, match="needs real_logits"):
        losses.get_generator_loss("rp_hinge")(tf.zeros([2]))


def test_logistic_discriminator_at_chance_is_two_ln2():
    zeros = tf.zeros([8])
    assert float(losses.get_discriminator_loss("logistic")(zeros, zeros)) == pytest.approx(2 * math.log(2))


def test_hinge_and_wasserstein_values():
    real, fake = tf.constant([2.0, 0.5]), tf.constant([-2.0, 0.0])
    # relu(1 - real) = [0, 0.5], relu(1 + fake) = [0, 1]
    assert float(losses.get_discriminator_loss("hinge")(real, fake)) == pytest.approx(0.25 + 0.5)
    assert float(losses.get_discriminator_loss("wasserstein")(real, fake)) == pytest.approx(-1.0 - 1.25)
    assert float(losses.get_generator_loss("hinge")(fake)) == pytest.approx(1.0)


@pytest.mark.parametrize("name", sorted(losses.GENERATOR_LOSSES))
def test_half_precision_logits_give_the_float32_cost(name):
    params = {"a": 0.5} if name in ("ns_mm", "ns_mm_nsat", "ns_add", "mm_nsat_add") else {}
    cost = losses.get_generator_loss(name, **params)
    logits = np.array([[-12.0], [-3.0], [0.5], [9.0]], np.float32)
    real = np.array([[1.0], [2.0], [-1.0], [0.0]], np.float32)
    half = cost(tf.constant(logits, tf.float16), real_logits=tf.constant(real, tf.float16))
    single = cost(tf.constant(logits), real_logits=tf.constant(real))
    assert half.dtype == tf.float32 and np.isfinite(float(half))
    assert float(half) == pytest.approx(float(single), rel=1e-6)


@pytest.mark.parametrize("name,params,message", [
    ("ns_add", {"a": -1.0}, "needs a >= 0, got a=-1.0"),
    ("ns_mm", {"a": 1.5}, "needs 0 <= a <= 1, got a=1.5"),
    ("mm_nsat", {"eps": 0.0}, "needs eps > 0"),
    ("ns_exp2", {"c": 0.5}, "'ns_exp2' fixes c=2.0 by its name"),
    ("ns_add", {"a": 0.5, "weighting": "mm"}, "fixes weighting='ns' by its name"),
])
def test_bad_parameters_fail_at_lookup(name, params, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        losses.get_generator_loss(name, **params)


@pytest.mark.parametrize("shape", [(4, 2), (4, 1, 1), (2, 2, 2)])
def test_logits_that_are_not_one_per_sample_are_an_error(shape):
    logits = tf.zeros(shape)
    with pytest.raises(ValueError, match=r"logits must have shape \[batch\] or \[batch, 1\]"):
        losses.get_generator_loss("ns")(logits)
    with pytest.raises(ValueError, match=r"logits must have shape"):
        losses.get_discriminator_loss("logistic")(logits, logits)
