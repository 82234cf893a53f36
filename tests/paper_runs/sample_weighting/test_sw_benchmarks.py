"""000 benchmarks (paper_runs.sample_weighting.benchmarks): the MNIST DJSCD claim and its learned gate."""

from paper_runs.sample_weighting import benchmarks


def _run(variant, seed, djscd, frequencies):
    return {"variant": variant, "seed": seed, "status": "completed",
            "metrics": {"final_djscd": djscd, "final_class_frequencies": frequencies}}


def test_ns_djscd_above_mm_nsat_needs_digits_on_both_sides():
    digits = [0.1] * 10
    collapsed = [0.75, 0.15, 0.10] + [0.0] * 7  # Table 1's NS: collapsed, but digits
    runs = [_run("ns", 0, 0.56, collapsed), _run("mm_nsat", 0, 0.15, digits)]
    claim = benchmarks.mnist_claims(runs)[0]
    assert claim.holds is True and claim.measured_value == {"median_NS_MM-nsat": [0.56, 0.15], "ratio95": [3.733, 3.733],
                                                            "seeds": [1, 1]}
    noise = [0.0] * 8 + [1.0, 0.0]  # every sample read as an "8"
    runs[1] = _run("mm_nsat", 0, 0.76, noise)
    claim = benchmarks.mnist_claims(runs)[0]
    assert claim.holds is None and "MM-nsat seed 0 learned nothing" in claim.measured_value["undecided"]
