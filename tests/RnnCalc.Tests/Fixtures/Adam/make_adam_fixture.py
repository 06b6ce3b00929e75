"""Write adam.json: torch.optim.Adam's float64 steps on one small tensor, for AdamOptimizerTests.

The tensor has 15 elements (a tanh network with 2 hidden units has 15 weights: three 4-wide vectors and a
tail of 3, so both the vector and the scalar loop of our optimizer are covered), starts uniform in [-1, 1) and
takes 25 steps with lr 0.01 and the default betas and eps; every fifth gradient is tiny (1e-9 scale), the
others are N(0, 9). The file records the initial tensor, every
step's gradient, and the tensor, exp_avg and exp_avg_sq after every step, each double written with repr
(round-trips exactly), so the test can ask for equality bit for bit.

Rerun (Debian: apt-get install python3-numpy python3-torch), from this folder:
    /usr/bin/python3 make_adam_fixture.py
Output is deterministic for a given torch version (fixed seed).
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
SIZE = 15
STEPS = 25
LEARNING_RATE = 0.01


def main():
    torch.manual_seed(13)
    param = torch.empty(SIZE, dtype=torch.float64).uniform_(-1, 1)
    initial = param.tolist()
    param.requires_grad_(True)
    optimizer = torch.optim.Adam([param], lr=LEARNING_RATE)
    steps = []
    for step in range(1, STEPS + 1):
        grad = torch.randn(SIZE, dtype=torch.float64) * (1e-9 if step % 5 == 0 else 3)
        param.grad = grad.clone()
        optimizer.step()
        state = optimizer.state[param]
        steps.append({
            "grad": grad.tolist(),
            "param": param.detach().tolist(),
            "exp_avg": state["exp_avg"].tolist(),
            "exp_avg_sq": state["exp_avg_sq"].tolist(),
        })
    fixture = {
        "generator": f"make_adam_fixture.py, torch {torch.__version__}, torch.optim.Adam(lr={LEARNING_RATE}) defaults, float64",
        "lr": LEARNING_RATE,
        "betas": list(optimizer.defaults["betas"]),
        "eps": optimizer.defaults["eps"],
        "initial": initial,
        "steps": steps,
    }
    with open(os.path.join(HERE, "adam.json"), "w", encoding="utf-8") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
