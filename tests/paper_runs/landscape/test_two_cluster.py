"""004 two clusters (paper_runs.landscape.two_cluster): the collapse stretch measure, the learned gates."""

from __future__ import annotations

from paper_runs.landscape import two_cluster, two_cluster_imbalanced


def test_on_cluster_collapse_measures_the_stretch_on_one_center_and_its_d_loss():
    on_zero, between, on_four = [0.1, 0.2, 0.15], [2.0, 2.1, 2.2], [4.0, 4.1, 3.9]
    snapshots = [[0, between], [50, on_zero], [100, on_zero], [150, on_zero], [200, on_four], [250, on_four],
                 [300, between]]
    losses = [[s, 0.69 if s in (0, 300) else (0.48 if s <= 150 else 0.5)] for s in range(0, 301, 50)]
    metrics = {"recovery_iteration": None, "centers": [0.0, 4.0], "eval_fake_positions": snapshots,
               "d_loss_paper_convention": losses}
    assert two_cluster.on_cluster_collapse(metrics, 0.36) == {"iterations": 100, "median_d_loss": 0.48}
    metrics["recovery_iteration"] = 100  # only snapshots before recovery count
    assert two_cluster.on_cluster_collapse(metrics, 0.36) == {"iterations": 0, "median_d_loss": None}


def test_collapse_measures_read_the_recorded_ranges_as_they_read_the_points():
    from paper_runs.landscape.two_cluster_gan import fake_ranges

    points = {"recovery_iteration": None, "centers": [0.0, 4.0], "d_loss_paper_convention": [[0, 0.5], [50, 0.48]],
              "eval_fake_positions": [[0, [0.1, 0.2, -0.3]], [50, [0.1, 0.4, 0.2]], [100, [3.8, 4.2, 4.3]]]}
    ranges = {**points, "eval_fake_range": [[0, [-0.3, 0.2]], [50, [0.1, 0.4]], [100, [3.8, 4.3]]]}
    del ranges["eval_fake_positions"]
    assert fake_ranges(points) == ranges["eval_fake_range"]
    for radius in (0.25, 0.36, 0.5):
        assert two_cluster.on_cluster_collapse(ranges, radius) == two_cluster.on_cluster_collapse(points, radius)
    assert two_cluster.collapsed_share(ranges) == two_cluster.collapsed_share(points) == 1.0


def test_paper_d_loss_scales_the_logged_series_and_reads_older_files():
    from paper_runs.landscape.two_cluster_gan import paper_d_loss

    assert paper_d_loss({"d_loss": [[0, 1.4], [10, None], [20, 0.9544]], "d_loss_scale": 0.5}) == [[0, 0.7], [20, 0.4772]]
    assert paper_d_loss({"d_loss_paper_convention": [[0, 0.7]], "d_loss": [[0, 1.4]]}) == [[0, 0.7]]
    assert paper_d_loss({}) == []


def _two_cluster_run(variant, recovery, counts=(50, 50)):
    return {"variant": variant, "seed": 0, "status": "completed", "config": {"steps": 5000, "success_radius": 0.36},
            "metrics": {"recovery_iteration": recovery, "d_loss_paper_convention": [[0, 0.69], [10, 0.69]],
                        "eval_fake_positions": [], "centers": [0.0, 4.0], "final_cluster_counts": list(counts),
                        "data_counts": [50, 50], "final_d_loss_paper_convention": 0.69}}


def test_recovery_comparisons_need_a_run_that_recovered():
    claims = {c.id: c for c in two_cluster.two_cluster_claims([_two_cluster_run("js", 2400), _two_cluster_run("rs", 800)])}
    assert claims["two_cluster_rs_faster"].holds is True and claims["two_cluster_speedup"].holds is True
    claims = {c.id: c for c in two_cluster.two_cluster_claims([_two_cluster_run("js", None), _two_cluster_run("rs", None)])}
    for name in ("two_cluster_rs_faster", "two_cluster_speedup", "two_cluster_rs_faster_per_seed"):
        assert claims[name].holds is None and "no JS or RS run recovered" in claims[name].measured_value["undecided"]


def test_imbalanced_collapse_of_a_run_far_from_the_clusters_is_undecided():
    far = _two_cluster_run("js", None, counts=(0, 0))["metrics"]
    config = {"discriminator_loss": "logistic", "balance": 2 / 3}
    assert all(c.holds is None for c in two_cluster_imbalanced.imbalanced_run_claims(far, config))
    collapsed = {**far, "final_cluster_counts": [100, 0], "data_counts": [67, 33]}
    assert two_cluster_imbalanced.imbalanced_run_claims(collapsed, config)[0].holds is True
