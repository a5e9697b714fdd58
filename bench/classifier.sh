#!/bin/bash
# The classifier side of issue 5, nnc against PyTorch 1.13 on the same threads:
#  1. examples/classifier.nn (two conv + max-pool stages, two dense layers;
#     batch 128, Adam) trained for --epochs on the 60,000 Fashion-MNIST
#     training images with nnc (`exe train`) and with the same model in
#     PyTorch (bench/classifier_torch.py --model classifier), side by side:
#     training images/s (validation excluded), test accuracy, and the ratio;
#  2. bagging: `train --bagging 3` against 3 single trainings of the same size
#     (the first --bagging-limit images, one epoch each; the wall time of each
#     and their ratio: the bar is <= 1), then the ensemble's evaluation.
#
#   bench/classifier.sh [--epochs 1] [--bagging-limit 12000] [--threads N] [--work DIR]
set -euo pipefail
source "$(dirname "$0")/common.sh"
wants_help "$@" && { usage "$0"; exit 0; }

EPOCHS=1
BAGGING_LIMIT=12000
MODEL=classifier
parse_common "$@"
set -- ${REST[@]+"${REST[@]}"}
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) EPOCHS=$2; shift 2 ;;
    --bagging-limit) BAGGING_LIMIT=$2; shift 2 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

check_openblas
echo "compiling examples/$MODEL.nn with $NNC"
"$NNC" "$ROOT/examples/$MODEL.nn" -o "$WORK/clf" || die "nnc failed"
rm -f "$WORK"/*.jsonl "$WORK"/*.safetensors

echo
echo "== nnc: $MODEL, $EPOCHS epoch(s), $THREADS threads"
"$WORK/clf" train --data "$DATA" --epochs "$EPOCHS" --threads "$THREADS" --seed 0 \
  --checkpoint "$WORK/nnc.safetensors" --log "$WORK/nnc.jsonl" < /dev/null
nnc_acc=$("$WORK/clf" eval --data "$DATA" --weights "$WORK/nnc.safetensors" --threads "$THREADS" |
  awk '/^accuracy/ { print $2 }')
echo
echo "== PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)'): $MODEL, $EPOCHS epoch(s), $THREADS threads"
"$PYTHON" "$ROOT/bench/classifier_torch.py" --model classifier --batch 128 --lr 0.001 \
  --data "$DATA" --epochs "$EPOCHS" \
  --threads "$THREADS" --seed 0 --log "$WORK/torch.jsonl"

nnc_ips=$(last_metric "$WORK/nnc.jsonl" images_per_second)
torch_ips=$(last_metric "$WORK/torch.jsonl" images_per_second)
echo
printf '%-10s %14s %14s\n' "" "images/s" "val_accuracy"
printf '%-10s %14.0f %14s\n' nnc "$nnc_ips" "$nnc_acc"
printf '%-10s %14.0f %14.4f\n' PyTorch "$torch_ips" "$(last_metric "$WORK/torch.jsonl" val_accuracy)"
echo "speed: nnc / PyTorch = $(ratio "$nnc_ips" "$torch_ips")x"

# Wall time of a command, in seconds.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null < /dev/null
  end=$(date +%s.%N)
  "$PYTHON" -c "print(f'{$end - $start:.2f}')"
}

echo
echo "== bagging: 3 members vs 3 single trainings (the first $BAGGING_LIMIT images, 1 epoch each, no validation)"
single=0
for k in 0 1 2; do
  s=$(seconds "$WORK/clf" train --data "$DATA" --epochs 1 --limit "$BAGGING_LIMIT" --threads "$THREADS" \
      --seed "$k" --validation-limit 0 --checkpoint "$WORK/single$k.safetensors" --log "$WORK/single$k.jsonl")
  echo "single training $k: ${s}s"
  single=$("$PYTHON" -c "print($single + $s)")
done
bagged=$(seconds "$WORK/clf" train --data "$DATA" --epochs 1 --limit "$BAGGING_LIMIT" --threads "$THREADS" \
    --seed 0 --validation-limit 0 --bagging 3 --checkpoint "$WORK/bag.safetensors" --log "$WORK/bag.jsonl")
echo "train --bagging 3: ${bagged}s"
echo "bagging / 3 single trainings = $(ratio "$bagged" "$single")   (bar: <= 1)"
echo
"$WORK/clf" eval --data "$DATA" --threads "$THREADS" --ensemble \
  "$WORK/bag.member0.safetensors" "$WORK/bag.member1.safetensors" "$WORK/bag.member2.safetensors" | head -4
