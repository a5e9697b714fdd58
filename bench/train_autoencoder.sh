#!/bin/bash
# One epoch of examples/autoencoder.nn on the 60,000 Fashion-MNIST training
# images (batch 256, Adadelta, binary cross-entropy, then validation on the
# 10,000 test images), with nnc (`exe train --epochs 1`) and with the same
# model in PyTorch 1.13 (bench/torch_autoencoder.py), one after the other on
# the same threads. Prints the training images/s of each (validation excluded,
# as both log it), the ratio, and the peak memory (RSS, /usr/bin/time -v) of
# each whole process and their ratio.
#
#   bench/train_autoencoder.sh [--epochs 1] [--model autoencoder] [--threads N] [--work DIR]
#
# The issue's bar: nnc at least 2x PyTorch's images/s, with at most a quarter of its RSS.
set -euo pipefail
source "$(dirname "$0")/common.sh"
wants_help "$@" && { usage "$0"; exit 0; }

EPOCHS=1
parse_common "$@"
set -- ${REST[@]+"${REST[@]}"}
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) EPOCHS=$2; shift 2 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

check_openblas
build_nnc_executable
rm -f "$WORK"/*.jsonl "$WORK"/*.ckpt

echo
echo "== nnc: $MODEL, $EPOCHS epoch(s), $THREADS threads"
/usr/bin/time -v -o "$WORK/nnc.time" "$WORK/$MODEL" train --data "$DATA" --epochs "$EPOCHS" \
  --threads "$THREADS" --seed 0 --checkpoint "$WORK/nnc.ckpt" --log "$WORK/nnc.jsonl" < /dev/null
echo
echo "== PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)'): $MODEL, $EPOCHS epoch(s), $THREADS threads"
/usr/bin/time -v -o "$WORK/torch.time" "$PYTHON" "$ROOT/bench/torch_autoencoder.py" \
  --model "$MODEL" --data "$DATA" --epochs "$EPOCHS" --threads "$THREADS" --seed 0 \
  --log "$WORK/torch.jsonl"

nnc_ips=$(last_metric "$WORK/nnc.jsonl" images_per_second)
torch_ips=$(last_metric "$WORK/torch.jsonl" images_per_second)
nnc_rss=$(peak_rss_mb "$WORK/nnc.time")
torch_rss=$(peak_rss_mb "$WORK/torch.time")
echo
printf '%-10s %14s %12s %14s\n' "" "images/s" "val_loss" "peak RSS MiB"
printf '%-10s %14.0f %12.4f %14s\n' nnc "$nnc_ips" "$(last_metric "$WORK/nnc.jsonl" val_loss)" "$nnc_rss"
printf '%-10s %14.0f %12.4f %14s\n' PyTorch "$torch_ips" "$(last_metric "$WORK/torch.jsonl" val_loss)" "$torch_rss"
echo
echo "speed: nnc / PyTorch = $(ratio "$nnc_ips" "$torch_ips")x   (bar: >= 2)"
echo "memory: nnc / PyTorch = $(ratio "$nnc_rss" "$torch_rss")   (bar: <= 0.25)"
