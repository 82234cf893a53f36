"""Multilayer perceptrons for the toy experiments (vector data)."""

from __future__ import annotations

from typing import Optional, Sequence

import keras


def mlp(
    input_dim: int,
    hidden: Sequence[int],
    output_dim: int,
    *,
    activation: str = "relu",
    output_activation: Optional[str] = None,
    kernel_initializer="glorot_uniform",
    bias_initializer="zeros",
    name: str = "mlp",
) -> keras.Model:
    """input_dim -> hidden... -> output_dim. E.g. 000's toy G and D: hidden (128, 128), ReLU;
    004's 2-cluster D: 1-10-10-1 sigmoid activations; 002's D: 2-64-8-1 tanh."""
    inputs = keras.Input((input_dim,))
    x = inputs
    for i, width in enumerate(hidden):
        x = keras.layers.Dense(
            width,
            activation=activation,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            name=f"hidden_{i}",
        )(x)
    outputs = keras.layers.Dense(
        output_dim,
        activation=output_activation,
        kernel_initializer=kernel_initializer,
        bias_initializer=bias_initializer,
        name="output",
    )(x)
    return keras.Model(inputs, outputs, name=name)
