#!/bin/bash
# The sequence-model side of issue 4, nnc against PyTorch 1.13 on the same
# threads, for examples/lyricist_small.nn (embedding 64, two LSTMs of 256,
# vocabulary 2,000) and examples/lyricist.nn (the notes' size: embedding 256,
# two LSTMs of 1,024, vocabulary 7,001), batch 256, 14 time steps:
#  1. training steps on the fortunes' songs and poems: nnc `exe train --epochs 1
#     --limit` on 1 and on (--steps + 1) batches, whose difference in epoch time
#     is --steps steps after a warm-up, against bench/lyricist_torch.py --steps
#     (also after one warm-up step) with the same model: seconds per step,
#     tokens/s (batch x 14) and their ratio;
#  2. generation with the small model: `exe generate --max-len 20` against
#     --max-len 1 (the difference removes start-up and loading), ms per token.
#
#   bench/lyricist.sh [--steps 3] [--only lyricist_small] [--threads N] [--work DIR]
#
# The issue's bars: nnc at least as fast as PyTorch at the notes' size, at least
# 2x on the small model; a few milliseconds per generated token at most.
set -euo pipefail
source "$(dirname "$0")/common.sh"
wants_help "$@" && { usage "$0"; exit 0; }

STEPS=3
ONLY=
DATA=/usr/share/games/fortunes/songs-poems
DATA_PACKAGE=fortunes
MODEL=lyricist_small
parse_common "$@"
set -- ${REST[@]+"${REST[@]}"}
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) STEPS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

check_openblas
BATCH=256
TIME_STEPS=14

# model: torch flags for the same model
declare -A TORCH_FLAGS=(
  [lyricist_small]="--num-words 2000 --vocab 2000 --embedding 64 --units 256"
  [lyricist]="--num-words 7000 --vocab 7001 --embedding 256 --units 1024"
)

summary=()
for model in lyricist_small lyricist; do
  [ -n "$ONLY" ] && [ "$ONLY" != "$model" ] && continue
  echo
  echo "compiling examples/$model.nn with $NNC"
  "$NNC" "$ROOT/examples/$model.nn" -o "$WORK/$model" || die "nnc failed"
  rm -f "$WORK/$model".*.jsonl
  # An epoch of one step and one of (--steps + 1): the difference of their
  # times is --steps steps after a warm-up, as PyTorch's side measures.
  for steps in 1 $((STEPS + 1)); do
    echo "== nnc: $model, $steps steps of $BATCH sentences, $THREADS threads"
    "$WORK/$model" train --data "$DATA" --epochs 1 --limit $((steps * BATCH)) \
      --validation-limit 0 --threads "$THREADS" --seed 0 \
      --checkpoint "$WORK/$model.safetensors" --log "$WORK/$model.nnc$steps.jsonl" < /dev/null
  done
  nnc_tps=$("$PYTHON" -c "
warm, total = $(last_metric "$WORK/$model.nnc1.jsonl" seconds), $(last_metric "$WORK/$model.nnc$((STEPS + 1)).jsonl" seconds)
step = (total - warm) / $STEPS
print(f'{step:.3f} s/step after the warm-up, {$BATCH * $TIME_STEPS / step:.0f} tokens/s', file=__import__('sys').stderr)
print($BATCH * $TIME_STEPS / step)")
  echo "== PyTorch: $model, $STEPS steps after one warm-up, $THREADS threads"
  # shellcheck disable=SC2086
  "$PYTHON" "$ROOT/bench/lyricist_torch.py" ${TORCH_FLAGS[$model]} --data "$DATA" \
    --steps "$STEPS" --threads "$THREADS" --seed 0 --log "$WORK/$model.torch.jsonl"
  torch_tps=$(last_metric "$WORK/$model.torch.jsonl" tokens_per_second)
  summary+=("$(printf '%-16s %12.0f %12.0f %10s' "$model" "$nnc_tps" "$torch_tps" \
    "$(ratio "$nnc_tps" "$torch_tps")x")")
done

echo
printf '%-16s %12s %12s %10s\n' "tokens/s" nnc PyTorch ratio
printf '%s\n' "${summary[@]}"

if [ -z "$ONLY" ] || [ "$ONLY" = lyricist_small ]; then
  # Best wall time of five `generate` runs and its number of words (prompt
  # included). Sampling at temperature 1 rather than greedy: a model trained for
  # a few steps greedily predicts <end> at once, which would leave nothing to time.
  generate() {
    local best= start end words
    for _ in 1 2 3 4 5; do
      start=$(date +%s.%N)
      words=$("$WORK/lyricist_small" generate "i love" --max-len "$1" --threads 1 \
        --temperature 1 --seed 1 --weights "$WORK/lyricist_small.safetensors" 2>/dev/null | wc -w)
      end=$(date +%s.%N)
      best=$("$PYTHON" -c "t = $end - $start; b = '$best'; print(min(t, float(b)) if b else t)")
    done
    echo "$best $words"
  }
  read -r t1 w1 < <(generate 1)
  read -r t20 w20 < <(generate 20)
  echo
  "$PYTHON" -c "
t1, t20, tokens = $t1, $t20, $w20 - $w1
print(f'generate (lyricist_small): {t20 * 1000:.1f} ms for {$w20 - 2} words (best of 5), '
      + (f'{(t20 - t1) * 1000 / tokens:.2f} ms per token beyond the first' if tokens > 0
         else 'stopped at <end> after one token'))"
fi
