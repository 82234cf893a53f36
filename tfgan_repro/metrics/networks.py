"""Running evaluation networks over a sample source in batches: classifier logits / features, Inception.

Inception protocol (FID, KID and the Inception Score; TTUR / TF-GAN / pytorch-fid convention):
images in [-1, 1] are quantised to uint8 (round((x + 1) 127.5)), resized to 299x299 bilinearly (no
antialiasing), mapped back to [-1, 1] (u8 / 127.5 - 1) and fed to TF-GAN's Inception graph
(`https://tfhub.dev/tensorflow/tfgan/eval/inception/1`, or a local copy of that SavedModel), whose
'pool_3' output (2048-d) gives the FID / KID features and 'logits' (1008 classes) the Inception Score.
Grayscale images are repeated to 3 channels. The weights cannot be downloaded on offline machines: pass
`inception_path` (a folder holding the SavedModel) or set $TFGAN_REPRO_INCEPTION.
"""

from __future__ import annotations

import os
import weakref
from typing import Callable, Optional

import numpy as np

from tfgan_repro.metrics.inputs import SampleSource, check_images, iter_batches

INCEPTION_TFHUB = "https://tfhub.dev/tensorflow/tfgan/eval/inception/1"
INCEPTION_ENV_VAR = "TFGAN_REPRO_INCEPTION"
INCEPTION_SIZE = 299
INCEPTION_POOL = "pool_3"
INCEPTION_LOGITS = "logits"

FeatureFn = Callable[[np.ndarray], np.ndarray]

# Compiled runners per classifier object (logits only / logits and features), so repeated metric calls
# neither retrace nor pay eager keras call overhead (about 3x slower on CPU).
_CLASSIFIER_RUNNERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _classifier_runner(classifier, with_features: bool):
    runners = _CLASSIFIER_RUNNERS.setdefault(classifier, {})
    if with_features not in runners:
        import keras
        import tensorflow as tf

        from tfgan_repro.classifiers.loading import FEATURES_LAYER

        if with_features:
            try:
                features = classifier.get_layer(FEATURES_LAYER).output
            except ValueError:
                raise ValueError(f"classifier {classifier.name!r} has no layer named {FEATURES_LAYER!r}") from None
            model = keras.Model(classifier.input, [classifier.output, features])
        else:
            model = classifier

        @tf.function(reduce_retracing=True)
        def runner(images):
            outputs = model(images, training=False)
            if not with_features:
                return outputs, outputs
            logits, feats = outputs
            return logits, tf.reshape(feats, [tf.shape(feats)[0], -1])

        runners[with_features] = runner
    return runners[with_features]


def classifier_input_shape(classifier) -> tuple:
    """Per-image input shape (H, W, C) of a keras classifier."""
    return tuple(classifier.input_shape[1:])


def classifier_outputs(
    classifier, samples: SampleSource, *, batch_size: int = 1000, with_features: bool = False
) -> dict[str, np.ndarray]:
    """{'logits': [N, K]} (and 'features': [N, F], the layer named "features") of a keras classifier over a
    sample source, in batches; every batch is checked for the classifier's input shape and [-1, 1]."""
    shape = classifier_input_shape(classifier)
    runner = _classifier_runner(classifier, with_features)
    logits, features = [], []
    for batch in iter_batches(samples, batch_size):
        batch_logits, batch_features = runner(check_images(batch, shape))
        logits.append(batch_logits.numpy())
        if with_features:
            features.append(batch_features.numpy())
    if not logits:
        raise ValueError("the sample source is empty")
    result = {"logits": np.concatenate(logits).astype(np.float64)}
    if with_features:
        result["features"] = np.concatenate(features).astype(np.float64)
    return result


def extract_features(
    feature_fn: FeatureFn, samples: SampleSource, *, batch_size: int = 250, image_shape=None
) -> np.ndarray:
    """[N, F] float64 features: feature_fn applied to each checked batch of the source (a keras model or any
    callable batch -> [batch, F]); 50,000 images stream through without being held at once."""
    outputs = []
    for batch in iter_batches(samples, batch_size):
        batch = check_images(batch, image_shape)
        features = np.asarray(feature_fn(batch))
        outputs.append(features.reshape(len(batch), -1))
    if not outputs:
        raise ValueError("the sample source is empty")
    return np.concatenate(outputs).astype(np.float64)


def inception_preprocess(images):
    """The FID protocol's input transform: [-1, 1] -> uint8 levels -> bilinear 299x299 -> [-1, 1], RGB."""
    import tensorflow as tf

    images = tf.convert_to_tensor(images, tf.float32)
    levels = tf.round((tf.clip_by_value(images, -1.0, 1.0) + 1.0) * 127.5)  # the uint8 quantisation
    if images.shape[-1] == 1:
        levels = tf.image.grayscale_to_rgb(levels)
    resized = tf.image.resize(levels, [INCEPTION_SIZE, INCEPTION_SIZE], method="bilinear", antialias=False)
    return resized / 127.5 - 1.0


def inception_network(inception_path: Optional[str] = None, output: str = INCEPTION_POOL) -> FeatureFn:
    """A feature function: images [N, H, W, C] in [-1, 1] -> TF-GAN Inception `output` ('pool_3' or 'logits').

    `inception_path`: a local SavedModel folder; default $TFGAN_REPRO_INCEPTION, else the TF-Hub URL (needs
    internet once; tensorflow_hub caches it). Loading happens here, not at import.
    """
    import tensorflow as tf
    handle = inception_path or os.environ.get(INCEPTION_ENV_VAR) or INCEPTION_TFHUB
    try:
        import tensorflow_hub as hub  # its import needs setuptools' pkg_resources: report that in one line too

        module = hub.load(handle)
    except Exception as error:  # no network / missing folder: say what to do in one line
        raise RuntimeError(
            f"cannot load the Inception network from {handle} ({type(error).__name__}); download "
            f"{INCEPTION_TFHUB} elsewhere and pass its folder as inception_path or ${INCEPTION_ENV_VAR}"
        ) from None

    @tf.function(reduce_retracing=True)
    def run(images):
        result = module(inception_preprocess(images))
        return tf.reshape(result[output], [tf.shape(images)[0], -1])

    return lambda batch: run(batch).numpy()
