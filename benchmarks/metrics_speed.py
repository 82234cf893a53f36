"""Time DJSCD + the classifier Frechet distance on 10,000 MNIST samples (target: <= 10 s on 2 CPU cores).

    python -m benchmarks.metrics_speed [--data-dir ../shared/data/mnist] [--classifier PATH] [--repeats 3]

What is timed: `metrics.classifier_metrics` (one pass of the MNIST CNN over 10,000 real test images and
10,000 "generated" images, giving DJSCD, the classifier Frechet distance over the 128-d "features" layer
and the MODE score), i.e. everything a run needs per evaluation, reference features included. The
"generated" images are 10,000 MNIST training digits (a stand-in: the timing does not depend on content).
Not timed: reading MNIST and loading the classifier. The first call (graph tracing) is reported separately;
the result line is the median of the warm repetitions:

    classifier_metrics on 10000 + 10000 images: X.XX s (median of N), first call Y.YY s
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

NUM_SAMPLES = 10_000


def _padded(images: np.ndarray) -> np.ndarray:
    return (np.pad(images, ((0, 0), (2, 2), (2, 2))).astype(np.float32) / 127.5 - 1.0)[..., None]


def main(argv=None) -> int:
    from tfgan_repro.classifiers import MNIST_CLASSIFIER, load_classifier
    from tfgan_repro.data.images import mnist_arrays
    from tfgan_repro.metrics import classifier_metrics

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=None, help="folder of the LeCun .gz files (default: search order)")
    parser.add_argument("--classifier", default=MNIST_CLASSIFIER)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    classifier = load_classifier(args.classifier, num_classes=10)
    test_images, test_labels = mnist_arrays("test", args.data_dir)
    train_images, _ = mnist_arrays("train", args.data_dir)
    real, fake = _padded(test_images[:NUM_SAMPLES]), _padded(train_images[:NUM_SAMPLES])
    real_labels = test_labels[:NUM_SAMPLES]

    start = time.perf_counter()
    result = classifier_metrics(real, real_labels, fake, classifier)
    first = time.perf_counter() - start
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        classifier_metrics(real, real_labels, fake, classifier)
        times.append(time.perf_counter() - start)
    print(
        f"cpu cores visible: {os.cpu_count()}; djscd {result['djscd']:.4f}, "
        f"classifier FD {result['classifier_frechet_distance']:.3f} (MNIST train vs test digits)"
    )
    print(
        f"classifier_metrics on {len(real)} + {len(fake)} images: {statistics.median(times):.2f} s "
        f"(median of {len(times)}), first call {first:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
