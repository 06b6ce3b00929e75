"""Write PyTorch reference fixtures for three recurrent cells: tanh.json, gru.json, lstm.json.

Each file holds cases for hidden sizes 1, 3 and 5, two random 9-step sequences per size.
The model is rnn = nn.RNN(2, H, nonlinearity='tanh') / nn.GRU(2, H) / nn.LSTM(2, H)
(one layer, both biases, zero initial state) followed by out = nn.Linear(H, 1);
p_t = sigmoid(out(h_t)) and loss = 0.5 * sum_t (y_t - p_t)^2. Everything is float64.
A case records the weights, the bits a, b, y, every p_t, h_t (and c_t for LSTM),
the loss and the gradient of the loss w.r.t. every parameter.

Rerun (Debian: apt-get install python3-numpy python3-torch), from this folder:
    /usr/bin/python3 make_cell_fixtures.py          # rewrite the three JSON files
    /usr/bin/python3 make_cell_fixtures.py --check  # recompute forward passes in numpy, compare
Output is deterministic for a given torch version (fixed seeds).
"""
import json
import os
import re
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
HIDDEN_SIZES = [1, 3, 5]
STEPS = 9
SEQUENCES_PER_SIZE = 2
INIT_RANGE = 1.5

CELLS = {
    "tanh": (lambda h: nn.RNN(2, h, nonlinearity="tanh"), 101,
             "h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh); "
             "p_t = sigmoid(out.weight h_t + out.bias); x_t = (a_t, b_t); h_0 = 0"),
    "gru": (lambda h: nn.GRU(2, h), 202,
            "gate rows of W_ih [3H,2], W_hh [3H,H], b_ih, b_hh in order r, z, n: "
            "r = sigmoid(W_ir x + b_ir + W_hr h + b_hr); z = sigmoid(W_iz x + b_iz + W_hz h + b_hz); "
            "n = tanh(W_in x + b_in + r * (W_hn h + b_hn)); h_t = (1 - z) * n + z * h_{t-1}; "
            "p_t = sigmoid(out.weight h_t + out.bias); x_t = (a_t, b_t); h_0 = 0"),
    "lstm": (lambda h: nn.LSTM(2, h), 303,
             "gate rows of W_ih [4H,2], W_hh [4H,H], b_ih, b_hh in order i, f, g, o: "
             "i = sigmoid(W_ii x + b_ii + W_hi h + b_hi); f = sigmoid(W_if x + b_if + W_hf h + b_hf); "
             "g = tanh(W_ig x + b_ig + W_hg h + b_hg); o = sigmoid(W_io x + b_io + W_ho h + b_ho); "
             "c_t = f * c_{t-1} + i * g; h_t = o * tanh(c_t); "
             "p_t = sigmoid(out.weight h_t + out.bias); x_t = (a_t, b_t); h_0 = c_0 = 0"),
}


class Model(nn.Module):
    def __init__(self, rnn, hidden):
        super().__init__()
        self.rnn = rnn
        self.out = nn.Linear(hidden, 1)


def tensor_json(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def run_case(model, is_lstm, a, b, y):
    """Step the cell one time step at a time so that c_t is visible for LSTM."""
    model.zero_grad()
    hidden = model.rnn.hidden_size
    h = torch.zeros(1, 1, hidden, dtype=torch.float64)
    state = (h, torch.zeros_like(h)) if is_lstm else h
    probs, hs, cs = [], [], []
    for t in range(STEPS):
        x = torch.tensor([[[a[t], b[t]]]], dtype=torch.float64)
        _, state = model.rnn(x, state)
        h_t = state[0] if is_lstm else state
        probs.append(torch.sigmoid(model.out(h_t.reshape(1, hidden))).reshape(()))
        hs.append(h_t.reshape(-1))
        if is_lstm:
            cs.append(state[1].reshape(-1))
    p = torch.stack(probs)
    loss = 0.5 * ((torch.tensor(y, dtype=torch.float64) - p) ** 2).sum()
    loss.backward()
    case = {
        "hidden": hidden,
        "weights": {k: tensor_json(v) for k, v in model.state_dict().items()},
        "a": a, "b": b, "y": y,
        "outputs": [float(v) for v in p.tolist()],
        "hidden_states": [[float(v) for v in h.tolist()] for h in hs],
    }
    if is_lstm:
        case["cell_states"] = [[float(v) for v in c.tolist()] for c in cs]
    case["loss"] = float(loss.item())
    case["gradients"] = {k: tensor_json(param.grad) for k, param in model.named_parameters()}
    return case


def generate(cell):
    make_rnn, seed, equations = CELLS[cell]
    torch.manual_seed(seed)
    bits = torch.Generator().manual_seed(seed + 1)
    cases = []
    for hidden in HIDDEN_SIZES:
        model = Model(make_rnn(hidden), hidden).double()
        with torch.no_grad():
            for p in model.parameters():
                p.uniform_(-INIT_RANGE, INIT_RANGE)
        for _ in range(SEQUENCES_PER_SIZE):
            a, b, y = (torch.randint(0, 2, (STEPS,), generator=bits).tolist() for _ in range(3))
            cases.append(run_case(model, cell == "lstm", a, b, y))
    return {"cell": cell, "generator": f"make_cell_fixtures.py, torch {torch.__version__}",
            "equations": equations, "cases": cases}


def dumps(obj):
    """Indented JSON with each list of numbers kept on one line (number tokens are untouched)."""
    text = json.dumps(obj, indent=2)
    return re.sub(r"\[\s+([-+0-9.eE,\s]+?)\s+\]",
                  lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text) + "\n"


# ---- independent numpy forward pass, used by --check ----

def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def numpy_forward(cell, case):
    w = {k: np.array(v["data"], dtype=np.float64).reshape(v["shape"]) for k, v in case["weights"].items()}
    for k, v in case["weights"].items():
        assert len(v["data"]) == int(np.prod(v["shape"])), k
    H = case["hidden"]
    W_ih, W_hh = w["rnn.weight_ih_l0"], w["rnn.weight_hh_l0"]
    b_ih, b_hh = w["rnn.bias_ih_l0"], w["rnn.bias_hh_l0"]
    h, c = np.zeros(H), np.zeros(H)
    probs, hs, cs = [], [], []
    for a_t, b_t in zip(case["a"], case["b"]):
        x = np.array([a_t, b_t], dtype=np.float64)
        gi, gh = W_ih @ x + b_ih, W_hh @ h + b_hh
        if cell == "tanh":
            h = np.tanh(gi + gh)
        elif cell == "gru":
            r = sigmoid(gi[:H] + gh[:H])
            z = sigmoid(gi[H:2 * H] + gh[H:2 * H])
            n = np.tanh(gi[2 * H:] + r * gh[2 * H:])
            h = (1 - z) * n + z * h
        else:
            g = gi + gh
            i, f = sigmoid(g[:H]), sigmoid(g[H:2 * H])
            gg, o = np.tanh(g[2 * H:3 * H]), sigmoid(g[3 * H:])
            c = f * c + i * gg
            h = o * np.tanh(c)
            cs.append(c.copy())
        hs.append(h.copy())
        probs.append(sigmoid(w["out.weight"] @ h + w["out.bias"])[0])
    loss = 0.5 * sum((yt - pt) ** 2 for yt, pt in zip(case["y"], probs))
    return np.array(probs), np.array(hs), np.array(cs), loss


def check(cell):
    path = os.path.join(HERE, f"{cell}.json")
    with open(path) as f:
        data = json.load(f)
    assert data["cell"] == cell
    worst = 0.0
    for case in data["cases"]:
        # keys must be exactly a state_dict of Model(rnn, out)
        model = Model(CELLS[cell][0](case["hidden"]), case["hidden"]).double()
        model.load_state_dict({k: torch.tensor(v["data"], dtype=torch.float64).reshape(v["shape"])
                               for k, v in case["weights"].items()}, strict=True)
        assert set(case["gradients"]) == set(case["weights"])
        for k in case["weights"]:
            assert case["gradients"][k]["shape"] == case["weights"][k]["shape"], k
        p, hs, cs, loss = numpy_forward(cell, case)
        diffs = [np.abs(p - case["outputs"]).max(), np.abs(hs - case["hidden_states"]).max(),
                 abs(loss - case["loss"])]
        if cell == "lstm":
            diffs.append(np.abs(cs - case["cell_states"]).max())
        worst = max(worst, *diffs)
    ok = worst <= 1e-12
    print(f"{cell}: {len(data['cases'])} cases, max |numpy - fixture| = {worst:.3g} {'OK' if ok else 'FAIL'}")
    return ok


def main():
    if "--check" in sys.argv[1:]:
        sys.exit(0 if all([check(cell) for cell in CELLS]) else 1)
    for cell in CELLS:
        obj = generate(cell)
        text = dumps(obj)
        assert json.loads(text) == obj, "JSON does not round-trip exactly"
        path = os.path.join(HERE, f"{cell}.json")
        with open(path, "w") as f:
            f.write(text)
        print(f"wrote {path} ({len(text.encode())} bytes)")


if __name__ == "__main__":
    main()
