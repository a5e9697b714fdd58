#!/usr/bin/env python3
"""Writes the permutations numpy.random.RandomState(seed).shuffle makes of
[0, n): the order Keras's image_dataset_from_directory(shuffle=True,
seed=seed) gives its file list (keras/src/utils/dataset_utils.py,
index_directory), which the images() data source reproduces.

    /usr/bin/python3 make_shuffle_fixture.py     # needs NumPy only

shuffle_<seed>_<n>.npy: int64 [n].
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

for seed, n in ((0, 9), (1337, 100), (4294967295, 1000)):
    order = list(range(n))  # a list, as Keras's file_paths
    np.random.RandomState(seed).shuffle(order)
    np.save(os.path.join(HERE, "shuffle_%d_%d.npy" % (seed, n)),
            np.array(order, dtype=np.int64))
