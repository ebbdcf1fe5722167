# The PyTorch side of `npm run bench`'s native row (bench/lib-native.ts drives it over stdin/stdout).
# Builds the ModelSpec given as JSON with torch.nn, loads the shared batches from a raw float32/uint8 file, and
# answers one command per line with one number per line:
#   threads N          -> torch.set_num_threads(N); prints N
#   train SECONDS      -> SGD steps (batch 32, lr 0.01, momentum 0.9) for >= SECONDS; prints images per second
#   infer SECONDS      -> forward passes over the 256-image batch under no_grad for >= SECONDS; prints images/s
#   quit
import json
import sys
import time

import torch
import torch.nn as nn


def build(spec):
    c, h, w = spec["input"]
    layers = []
    for l in spec["layers"]:
        t = l["type"]
        if t == "conv2d":
            k, s = l["kernel"], l.get("stride", 1)
            p = l.get("padding", "valid")
            if p == "same":
                if s != 1:
                    raise SystemExit("torch_runner: 'same' padding with stride > 1 is not in the benchmark models")
                pad = "same"
            elif p == "valid":
                pad = 0
            else:
                pad = p
            layers.append(nn.Conv2d(c, l["filters"], k, stride=s, padding=pad))
            c = l["filters"]
            if pad != "same":
                h, w = (h + 2 * pad - k) // s + 1, (w + 2 * pad - k) // s + 1
        elif t == "relu":
            layers.append(nn.ReLU())
        elif t in ("maxpool2d", "avgpool2d"):
            size, s = l["size"], l.get("stride", l["size"])
            layers.append((nn.MaxPool2d if t == "maxpool2d" else nn.AvgPool2d)(size, s))
            h, w = (h - size) // s + 1, (w - size) // s + 1
        elif t == "flatten":
            layers.append(nn.Flatten())
            c, h, w = c * h * w, 1, 1
        elif t == "dense":
            layers.append(nn.Linear(c * h * w, l["units"]))
            c, h, w = l["units"], 1, 1
        else:
            raise SystemExit(f"torch_runner: layer type {t} is not in the benchmark models")
    return nn.Sequential(*layers)


def main():
    spec = json.loads(sys.argv[1])
    data_path = sys.argv[2]
    n_train, n_infer = int(sys.argv[3]), int(sys.argv[4])
    c, h, w = spec["input"]
    raw = open(data_path, "rb").read()
    px = c * h * w
    f32 = torch.frombuffer(bytearray(raw[: 4 * px * (n_train + n_infer)]), dtype=torch.float32)
    labels = torch.frombuffer(bytearray(raw[4 * px * (n_train + n_infer):]), dtype=torch.uint8).long()
    train_x = f32[: px * n_train].view(n_train, c, h, w)
    infer_x = f32[px * n_train:].view(n_infer, c, h, w)
    torch.manual_seed(1)
    model = build(spec)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    batches = [(train_x[i : i + 32], labels[i : i + 32]) for i in range(0, n_train - 31, 32)]
    step = 0
    print("ready", flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "quit":
            break
        if cmd[0] == "threads":
            torch.set_num_threads(int(cmd[1]))
            print(torch.get_num_threads(), flush=True)
            continue
        seconds = float(cmd[1])
        n = 0
        t0 = time.perf_counter()
        if cmd[0] == "train":
            model.train()
            while True:
                x, y = batches[step % len(batches)]
                step += 1
                opt.zero_grad(set_to_none=True)
                loss_fn(model(x), y).backward()
                opt.step()
                n += 32
                if time.perf_counter() - t0 >= seconds:
                    break
        elif cmd[0] == "infer":
            model.eval()
            with torch.no_grad():
                while True:
                    model(infer_x).argmax(1)
                    n += n_infer
                    if time.perf_counter() - t0 >= seconds:
                        break
        else:
            raise SystemExit(f"torch_runner: unknown command {cmd[0]}")
        print(n / (time.perf_counter() - t0), flush=True)


if __name__ == "__main__":
    main()
