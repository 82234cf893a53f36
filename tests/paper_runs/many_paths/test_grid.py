"""001's grid of settings as named variants (paper_runs.many_paths.grid)."""

import pytest

from paper_runs.many_paths.grid import Axis, format_value, grid_variants, loss_of


@pytest.mark.parametrize("value, text", [(1e-4, "1e-4"), (2e-4, "2e-4"), (0.05, "5e-2"), (0.1, "0.1"), (0.15, "0.15"),
                                         (10, "10"), (2.5e-4, "0.00025")])
def test_values_are_written_short_in_names(value, text):
    assert format_value(value) == text


def test_every_loss_gets_every_grid_point_with_its_settings():
    losses = {"ns": {"penalty": None}, "wgan_gp": {"penalty": "wgan_gp"}}
    axes = [Axis("dlr", ("d_lr",), (1e-4, 2e-4)), Axis("lr", ("g_lr", "other_lr"), (3e-4,)), Axis("z", ("latent_dim",), (10, 50))]
    variants = grid_variants(losses, axes)
    assert len(variants) == 2 * 2 * 1 * 2
    assert list(variants)[:2] == ["ns_dlr1e-4_lr3e-4_z10", "ns_dlr1e-4_lr3e-4_z50"]
    assert variants["wgan_gp_dlr2e-4_lr3e-4_z50"] == {"penalty": "wgan_gp", "d_lr": 2e-4, "g_lr": 3e-4,
                                                      "other_lr": 3e-4, "latent_dim": 50}


def test_the_loss_of_a_variant_is_its_longest_matching_prefix():
    losses = ["ns", "wgan_gp", "wgan_gp_1"]
    assert loss_of("wgan_gp_1_dlr1e-4", losses) == "wgan_gp_1"
    assert loss_of("wgan_gp_dlr1e-4", losses) == "wgan_gp"
    assert loss_of("ns", losses) == "ns"
    with pytest.raises(ValueError):
        loss_of("dragan_ns_z10", losses)
