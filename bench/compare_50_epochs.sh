#!/bin/bash
# The issue's quality check: trains examples/autoencoder.nn (or --model
# autoencoder_transpose) for N epochs (default 50, the notes' setting) with nnc
# and with the same model, initial weights (nnc's `exe init --seed 0`, which
# `train --seed 0` starts from, loaded into PyTorch), optimizer and data in
# PyTorch (bench/torch_autoencoder.py --init), and prints the final validation binary
# cross-entropy of each on the 10,000 test images. Takes a while (50 epochs of
# 60,000 images each, twice): run it in the background with --work DIR to keep
# the logs and checkpoints (and `exe reconstruct` the result afterwards).
#
#   bench/compare_50_epochs.sh [--epochs 50] [--model autoencoder] [--threads N] [--work DIR]
#
# Done when nnc's final val_loss is no worse than PyTorch's.
set -euo pipefail
source "$(dirname "$0")/common.sh"
wants_help "$@" && { usage "$0"; exit 0; }

EPOCHS=50
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
echo "== nnc: $MODEL, $EPOCHS epochs, $THREADS threads"
"$WORK/$MODEL" train --data "$DATA" --epochs "$EPOCHS" --threads "$THREADS" --seed 0 \
  --checkpoint "$WORK/nnc.ckpt" --log "$WORK/nnc.jsonl" < /dev/null
echo
echo "== PyTorch: $MODEL, $EPOCHS epochs, $THREADS threads, from nnc's initial weights"
"$WORK/$MODEL" init --seed 0 --output "$WORK/init.safetensors"
"$PYTHON" "$ROOT/bench/torch_autoencoder.py" --model "$MODEL" --data "$DATA" \
  --epochs "$EPOCHS" --threads "$THREADS" --seed 0 --init "$WORK/init.safetensors" \
  --log "$WORK/torch.jsonl"

nnc_val=$(last_metric "$WORK/nnc.jsonl" val_loss)
torch_val=$(last_metric "$WORK/torch.jsonl" val_loss)
echo
echo "final validation binary cross-entropy after $EPOCHS epochs ($MODEL):"
printf '  nnc      %.4f\n  PyTorch  %.4f\n' "$nnc_val" "$torch_val"
"$PYTHON" -c 'import sys; a, b = map(float, sys.argv[1:]); print("nnc is no worse than PyTorch" if a <= b else f"nnc is worse by {a - b:.4f}")' "$nnc_val" "$torch_val"
echo "(nnc checkpoint: $WORK/nnc.ckpt; reconstructions: $WORK/$MODEL reconstruct --weights $WORK/nnc.ckpt --count 10 --output recon.png)"
