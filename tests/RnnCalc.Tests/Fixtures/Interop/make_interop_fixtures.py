"""Write networks as other tools save them, with the per-step probabilities those tools compute.

  tutorial-f8.npz, tutorial-f4.npz          np.savez: weight_0 (2,H), weight_1 (H,1), weight_h (H,H)
  trask-f8.npz, trask-f4-compressed.npz     synapse_0, synapse_1, synapse_h (the second np.savez_compressed)
  tanh.npz, gru.npz, lstm.npz               a PyTorch state_dict of Model(rnn, out), float64, saved with np.savez
  expected.json                             per file: the cell, h0, and for a few bit sequences every p_t

The sigmoid networks run the tutorial's forward pass in numpy (h0 = 0.1 for the tutorial's names, 0 for
Trask's); the PyTorch ones run in torch, float64, h0 = c0 = 0, p_t = sigmoid(out(h_t)).

Rerun (Debian: apt-get install python3-numpy python3-torch), from this folder:
    /usr/bin/python3 make_interop_fixtures.py
"""
import json
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
HIDDEN = 5
STEPS = 9
SEQUENCES = 3


class Model(nn.Module):
    def __init__(self, rnn, hidden):
        super().__init__()
        self.rnn = rnn
        self.out = nn.Linear(hidden, 1)


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def sequences(seed):
    rng = np.random.RandomState(seed)
    return [(rng.randint(0, 2, STEPS).tolist(), rng.randint(0, 2, STEPS).tolist()) for _ in range(SEQUENCES)]


def tutorial_probabilities(w0, w1, wh, h0, a, b):
    h = np.full(w0.shape[1], h0)
    probs = []
    for a_t, b_t in zip(a, b):
        h = sigmoid(np.dot(np.array([[a_t, b_t]], dtype=np.float64), w0) + np.dot(h, wh))
        probs.append(float(sigmoid(np.dot(h, w1))[0, 0]))
    return probs


def torch_probabilities(model, is_lstm, a, b):
    x = torch.tensor([[[a_t, b_t]] for a_t, b_t in zip(a, b)], dtype=torch.float64)
    with torch.no_grad():
        hs, _ = model.rnn(x)
        return [float(p) for p in torch.sigmoid(model.out(hs.reshape(len(a), -1))).reshape(-1)]


def main():
    expected = {}
    rng = np.random.RandomState(16)
    for name, keys, h0, dtype, save in [
        ("tutorial-f8.npz", ("weight_0", "weight_1", "weight_h"), 0.1, np.float64, np.savez),
        ("tutorial-f4.npz", ("weight_0", "weight_1", "weight_h"), 0.1, np.float32, np.savez),
        ("trask-f8.npz", ("synapse_0", "synapse_1", "synapse_h"), 0.0, np.float64, np.savez),
        ("trask-f4-compressed.npz", ("synapse_0", "synapse_1", "synapse_h"), 0.0, np.float32, np.savez_compressed),
    ]:
        w0 = (2 * rng.random_sample((2, HIDDEN)) - 1).astype(dtype)
        w1 = (2 * rng.random_sample((HIDDEN, 1)) - 1).astype(dtype)
        wh = (2 * rng.random_sample((HIDDEN, HIDDEN)) - 1).astype(dtype)
        save(os.path.join(HERE, name), **dict(zip(keys, (w0, w1, wh))))
        w0, w1, wh = (w.astype(np.float64) for w in (w0, w1, wh))
        expected[name] = {"cell": "sigmoid", "initialHidden": h0, "cases": [
            {"a": a, "b": b, "p": tutorial_probabilities(w0, w1, wh, h0, a, b)} for a, b in sequences(len(expected))]}

    torch.manual_seed(1616)
    for name, make in [("tanh.npz", lambda: nn.RNN(2, HIDDEN, nonlinearity="tanh")),
                       ("gru.npz", lambda: nn.GRU(2, HIDDEN)),
                       ("lstm.npz", lambda: nn.LSTM(2, HIDDEN))]:
        model = Model(make(), HIDDEN).double()
        with torch.no_grad():
            for p in model.parameters():
                p.uniform_(-1.5, 1.5)
        # the README's recipe, verbatim
        np.savez(os.path.join(HERE, name), **{k: v.numpy() for k, v in model.state_dict().items()})
        expected[name] = {"cell": name[:-4], "initialHidden": 0.0, "cases": [
            {"a": a, "b": b, "p": torch_probabilities(model, name == "lstm.npz", a, b)} for a, b in sequences(len(expected))]}

    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump({"generator": f"make_interop_fixtures.py, numpy {np.__version__}, torch {torch.__version__}",
                   "files": expected}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
