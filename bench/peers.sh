#!/bin/bash
# nnc against the fastest things a user could take instead, side by side in
# one run on the same threads: Keras 3 on TensorFlow and on JAX (from PyPI, in
# a virtual environment under the work folder, made on the first run: not part
# of CI or the README's setup) and PyTorch 1.13 (Debian's python3-torch, where
# installed), on the four workloads of issue 12:
#   autoencoder, classifier   one epoch of the 60,000 Fashion-MNIST images
#                             (training steps only; Keras without its first,
#                             tracing step): images/s
#   lyricist_small, lyricist  --steps steps of 256 sentences after a warm-up
#                             step: tokens/s
# then each example's compile time, cold (an empty pipeline cache) and
# cached, with nnc's peak memory. Prints the table and nnc / best peer.
#
#   bench/peers.sh [--only MODEL] [--steps 3] [--venv DIR] [--threads N] [--work DIR]
set -euo pipefail
source "$(dirname "$0")/common.sh"
wants_help "$@" && { usage "$0"; exit 0; }

ONLY=
STEPS=3
VENV=
NEEDS_TORCH=0   # PyTorch's column is filled where python3-torch is installed
parse_common "$@"
set -- ${REST[@]+"${REST[@]}"}
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    --venv) VENV=$2; shift 2 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
VENV=${VENV:-$WORK/keras-venv}
HAVE_TORCH=0
"$PYTHON" -c "import torch" 2>/dev/null && HAVE_TORCH=1
TEXT=/usr/share/games/fortunes/songs-poems

if ! "$VENV/bin/python" -c "import keras, tensorflow, jax" 2>/dev/null; then
  echo "setting up Keras 3 with TensorFlow and JAX in $VENV (PyPI)"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check keras tensorflow-cpu "jax[cpu]"
fi
echo "peers: $("$VENV/bin/python" -c 'import keras, tensorflow, jax
print(f"Keras {keras.__version__}, TensorFlow {tensorflow.__version__}, JAX {jax.__version__}")' 2>/dev/null)"
[ "$HAVE_TORCH" = 1 ] && check_openblas || echo "PyTorch: not installed (python3-torch), its column is empty"

wanted() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
keras_run() { # MODEL BACKEND LOG [flags]: Keras's number, or nan when it fails
  local model=$1 backend=$2 log=$3; shift 3
  if "$VENV/bin/python" "$ROOT/bench/keras_peer.py" --model "$model" --backend "$backend" \
       --data "$DATA" --threads "$THREADS" --log "$log" "$@" > /dev/null 2> "$log.err"; then
    tail -n1 "$log" | "$PYTHON" -c 'import json, sys; d = json.load(sys.stdin); print(d.get("images_per_second") or d["tokens_per_second"])'
  else
    echo "keras_peer.py ($model, $backend) failed: see $log.err" >&2; echo nan
  fi
}

rows=()
row() { # MODEL UNIT NNC TORCH TF JAX
  local best
  best=$("$PYTHON" -c "import math, sys; v = [float(x) for x in sys.argv[1:] if x != 'nan' and not math.isnan(float(x))]; print(max(v) if v else 'nan')" "$4" "$5" "$6")
  rows+=("$(printf '%-16s %-9s %10.0f %10s %10s %10s %9sx' "$1" "$2" "$3" \
    "$(printf '%.0f' "$4")" "$(printf '%.0f' "$5")" "$(printf '%.0f' "$6")" "$(ratio "$3" "$best")")")
}

for model in autoencoder classifier; do
  wanted "$model" || continue
  echo; echo "== $model: one epoch, $THREADS threads"
  "$NNC" "$ROOT/examples/$model.nn" -o "$WORK/$model" || die "nnc failed"
  "$WORK/$model" train --data "$DATA" --epochs 1 --validation-limit 100 --threads "$THREADS" \
    --seed 0 --checkpoint "$WORK/$model.ckpt" --log "$WORK/$model.nnc.jsonl" < /dev/null > /dev/null
  nnc=$(last_metric "$WORK/$model.nnc.jsonl" images_per_second)
  torch=nan
  if [ "$HAVE_TORCH" = 1 ]; then
    if [ "$model" = autoencoder ]; then
      "$PYTHON" "$ROOT/bench/torch_autoencoder.py" --model autoencoder --data "$DATA" --epochs 1 \
        --threads "$THREADS" --seed 0 --validation-limit 100 --log "$WORK/$model.torch.jsonl" > /dev/null
    else
      "$PYTHON" "$ROOT/bench/classifier_torch.py" --model classifier --data "$DATA" --epochs 1 \
        --batch 128 --lr 0.001 --threads "$THREADS" --seed 0 --validation-limit 100 \
        --log "$WORK/$model.torch.jsonl" > /dev/null
    fi
    torch=$(last_metric "$WORK/$model.torch.jsonl" images_per_second)
  fi
  tf=$(keras_run "$model" tensorflow "$WORK/$model.tf.jsonl")
  jax=$(keras_run "$model" jax "$WORK/$model.jax.jsonl")
  echo "nnc $nnc, PyTorch $torch, Keras/TensorFlow $tf, Keras/JAX $jax images/s"
  row "$model" images/s "$nnc" "$torch" "$tf" "$jax"
done

declare -A TORCH_FLAGS=(
  [lyricist_small]="--num-words 2000 --vocab 2000 --embedding 64 --units 256"
  [lyricist]="--num-words 7000 --vocab 7001 --embedding 256 --units 1024"
)
for model in lyricist_small lyricist; do
  wanted "$model" || continue
  echo; echo "== $model: $STEPS steps of 256 sentences after a warm-up, $THREADS threads"
  "$NNC" "$ROOT/examples/$model.nn" -o "$WORK/$model" || die "nnc failed"
  # Epochs of one step and of (--steps + 1): their difference is --steps steps.
  for steps in 1 $((STEPS + 1)); do
    "$WORK/$model" train --data "$TEXT" --epochs 1 --limit $((steps * 256)) --validation-limit 0 \
      --threads "$THREADS" --seed 0 --checkpoint "$WORK/$model.ckpt" \
      --log "$WORK/$model.nnc$steps.jsonl" < /dev/null > /dev/null
  done
  nnc=$("$PYTHON" -c "print($STEPS * 256 * 14 / ($(last_metric "$WORK/$model.nnc$((STEPS + 1)).jsonl" seconds) - $(last_metric "$WORK/$model.nnc1.jsonl" seconds)))")
  torch=nan
  if [ "$HAVE_TORCH" = 1 ]; then
    # shellcheck disable=SC2086
    "$PYTHON" "$ROOT/bench/lyricist_torch.py" ${TORCH_FLAGS[$model]} --data "$TEXT" \
      --steps "$STEPS" --threads "$THREADS" --seed 0 --log "$WORK/$model.torch.jsonl" > /dev/null
    torch=$(last_metric "$WORK/$model.torch.jsonl" tokens_per_second)
  fi
  tf=$(keras_run "$model" tensorflow "$WORK/$model.tf.jsonl" --steps "$STEPS")
  jax=$(keras_run "$model" jax "$WORK/$model.jax.jsonl" --steps "$STEPS")
  echo "nnc $nnc, PyTorch $torch, Keras/TensorFlow $tf, Keras/JAX $jax tokens/s"
  row "$model" tokens/s "$nnc" "$torch" "$tf" "$jax"
done

echo
printf '%-16s %-9s %10s %10s %10s %10s %10s\n' workload unit nnc PyTorch "Keras/TF" "Keras/JAX" "nnc/best"
printf '%s\n' "${rows[@]}"

echo
echo "== compile time (nnc, -j $THREADS), cold: an empty cache; cached: the same build again"
printf '%-16s %10s %10s %14s\n' example cold cached "peak RSS MiB"
for model in autoencoder classifier lyricist_small lyricist; do
  wanted "$model" || continue
  for run in cold cached; do
    start=$(date +%s.%N)
    NNC_CACHE_DIR="$WORK/cache-$model" /usr/bin/time -v -o "$WORK/$model.$run.time" \
      "$NNC" -j "$THREADS" "$ROOT/examples/$model.nn" -o "$WORK/$model.$run" || die "nnc failed"
    end=$(date +%s.%N)
    eval "$run=$("$PYTHON" -c "print(f'{$end - $start:.1f}')")"
  done
  printf '%-16s %9ss %9ss %14s\n' "$model" "$cold" "$cached" "$(peak_rss_mb "$WORK/$model.cold.time")"
done
