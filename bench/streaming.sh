#!/bin/bash
# Training on npy samples larger than the memory budget (streamed from disk a
# chunk at a time, the next chunk read by a background thread) against the
# same samples read whole, side by side in one run:
#  1. throughput: a --whole-gb set (default 1.8 GB: arrays read whole hold
#     at most 2^31 - 1 elements) trained one epoch read whole, then streamed
#     with --budget-small (default 512M): images/s of the training steps and
#     their ratio (the bar: streaming costs at most 10%), peak RSS of each;
#  2. the bound: the --whole-gb set and a --big-gb set (default 4 GB) streamed
#     with the same --budget (default 1G): peak RSS, which stays within the
#     budget whatever the size (the ratio of the two: about 1).
# The sets tile the 60,000 Fashion-MNIST training images (uint8, with their
# labels); the model is test/e2e/data/Inputs/npy_classifier.nn (flatten,
# dense 10, Adam, batch 32), validated on the first 1,000 test images.
#
#   bench/streaming.sh [--whole-gb 1.8] [--big-gb 4] [--budget 1G] [--budget-small 512M]
#                      [--threads N] [--work DIR]
set -euo pipefail
source "$(dirname "$0")/common.sh"
wants_help "$@" && { usage "$0"; exit 0; }

WHOLE_GB=1.8
BIG_GB=4
BUDGET=1G
BUDGET_SMALL=512M
NEEDS_TORCH=0   # no PyTorch here: nnc against itself
parse_common "$@"
set -- ${REST[@]+"${REST[@]}"}
while [ $# -gt 0 ]; do
  case "$1" in
    --whole-gb) WHOLE_GB=$2; shift 2 ;;
    --big-gb) BIG_GB=$2; shift 2 ;;
    --budget) BUDGET=$2; shift 2 ;;
    --budget-small) BUDGET_SMALL=$2; shift 2 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

# make_set DIR GB: x_train.npy/y_train.npy of GB gigabytes of tiled images,
# x_test.npy/y_test.npy of the first 1,000 test images; written a slice at a
# time (numpy's open_memmap), so making a 4 GB set needs no 4 GB of memory.
make_set() {
  "$PYTHON" - "$DATA" "$1" "$2" <<'PY'
import gzip, struct, sys
from pathlib import Path
import numpy as np
data, out, gigabytes = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
def idx(stem):
    path = next(p for p in (data / stem, data / (stem + ".gz")) if p.exists())
    raw = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
    dims = raw[3]
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * dims).reshape(shape)
images, labels = idx("train-images-idx3-ubyte"), idx("train-labels-idx1-ubyte")
count = int(gigabytes * 1e9) // (28 * 28)
out.mkdir(parents=True, exist_ok=True)
x = np.lib.format.open_memmap(out / "x_train.npy", "w+", np.uint8, (count, 28, 28))
y = np.lib.format.open_memmap(out / "y_train.npy", "w+", np.int64, (count,))
for start in range(0, count, len(images)):
    n = min(len(images), count - start)
    x[start:start + n], y[start:start + n] = images[:n], labels[:n]
x.flush(); y.flush()
np.save(out / "x_test.npy", idx("t10k-images-idx3-ubyte")[:1000])
np.save(out / "y_test.npy", idx("t10k-labels-idx1-ubyte")[:1000].astype(np.int64))
print(f"{out}: {count:,} images, {count * 784 / 1e9:.2f} GB")
PY
}

# run NAME LABEL SET [train options]: one epoch, its images/s and peak RSS.
run() {
  local name=$1 label=$2 set=$3; shift 3
  /usr/bin/time -v -o "$WORK/$name.time" "$WORK/clf" train --data "$set" --epochs 1 \
    --threads "$THREADS" --seed 0 --checkpoint "$WORK/$name.safetensors" \
    --log "$WORK/$name.jsonl" "$@" < /dev/null | grep -v '^Epoch' || true
  printf '%-28s %12.0f images/s %10s MB peak RSS\n' "$label" \
    "$(last_metric "$WORK/$name.jsonl" images_per_second)" "$(peak_rss_mb "$WORK/$name.time")"
}

echo "compiling npy_classifier.nn with $NNC"
"$NNC" "$ROOT/test/e2e/data/Inputs/npy_classifier.nn" -o "$WORK/clf" || die "nnc failed"
make_set "$WORK/whole" "$WHOLE_GB"
make_set "$WORK/big" "$BIG_GB"

echo
echo "== $WHOLE_GB GB read whole, then streamed with a $BUDGET_SMALL budget ($THREADS threads)"
run whole "read whole" "$WORK/whole"
run streamed "streamed ($BUDGET_SMALL budget)" "$WORK/whole" --memory-budget "$BUDGET_SMALL"
echo "streamed / read whole throughput = $(ratio \
  "$(last_metric "$WORK/streamed.jsonl" images_per_second)" \
  "$(last_metric "$WORK/whole.jsonl" images_per_second)")   (bar: >= 0.90)"
echo
echo "== $WHOLE_GB GB and $BIG_GB GB streamed with the same $BUDGET budget"
run mid "$WHOLE_GB GB streamed ($BUDGET budget)" "$WORK/whole" --memory-budget "$BUDGET"
run big "$BIG_GB GB streamed ($BUDGET budget)" "$WORK/big" --memory-budget "$BUDGET"
echo "peak RSS $BIG_GB GB / $WHOLE_GB GB = $(ratio "$(peak_rss_mb "$WORK/big.time")" \
  "$(peak_rss_mb "$WORK/mid.time")")   (bar: about 1, whatever the size; the budget is $BUDGET)"
