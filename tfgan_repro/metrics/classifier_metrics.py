"""All metrics of one domain classifier in a single pass over real and generated images (000's MNIST / CIFAR
evaluation): DJSCD, the classifier Frechet distance, the MODE score and the generated class frequencies.

Protocol to state with the numbers: which real split and how many images on each side (000: DJSCD over
50,000 generated samples; the real class frequencies are those of `real_labels`, e.g. the test set's).
"""

from __future__ import annotations

from tfgan_repro.metrics import networks
from tfgan_repro.metrics.classes import mode_score, softmax
from tfgan_repro.metrics.divergences import frequencies, js_divergence
from tfgan_repro.metrics.frechet import frechet_distance
from tfgan_repro.metrics.inputs import SampleSource, check_labels


def classifier_metrics(
    real: SampleSource, real_labels, fake: SampleSource, classifier, *, num_classes: int = 10, batch_size: int = 1000
) -> dict:
    """DJSCD (base 2, real labels vs the classifier's argmax on fakes), classifier_frechet_distance (layer
    "features"), mode_score (p_train = frequencies of real_labels) and fake_class_frequencies."""
    from tfgan_repro.classifiers.loading import check_num_classes

    check_num_classes(classifier, num_classes)
    real_labels = check_labels(real_labels, num_classes, "real_labels")
    real_out = networks.classifier_outputs(classifier, real, batch_size=batch_size, with_features=True)
    fake_out = networks.classifier_outputs(classifier, fake, batch_size=batch_size, with_features=True)
    if len(real_out["logits"]) != len(real_labels):
        raise ValueError(f"real has {len(real_out['logits'])} images but real_labels has {len(real_labels)}")
    p_real = frequencies(real_labels, num_classes)
    p_fake = frequencies(fake_out["logits"].argmax(axis=1), num_classes)
    return {
        "djscd": js_divergence(p_real, p_fake, base=2.0),
        "classifier_frechet_distance": frechet_distance(real_out["features"], fake_out["features"]),
        "mode_score": mode_score(softmax(fake_out["logits"]), p_real),
        "fake_class_frequencies": p_fake.tolist(),
        "num_real": int(len(real_labels)),
        "num_fake": int(len(fake_out["logits"])),
    }
