"""tfgan_repro: Keras / TensorFlow 2 reproductions of five papers on mode collapse in GANs.

    from tfgan_repro import losses     # every cost by name
    from tfgan_repro.gan import GAN    # keras.Model with its own train_step
"""

__version__ = "0.1.0"
