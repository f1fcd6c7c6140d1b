#!/usr/bin/env bash
# What the sentence encoder costs the running engine: for Engine:Text:Encoder = none and minilm, on a fresh
# data folder with the default demo shop, prints
#   - launch to gRPC health SERVING (the encoder loads in the background, after it),
#   - resident memory at SERVING, and once the demo is loaded, its products embedded and its reviews scored,
#     and the peak,
#   - the first sentiment model's run (the trainer picks n-grams, the encoder or both on held-out texts),
#   - how long the demo's reviews, held until that model is published, take to be scored in the background.
# Usage: load-tests/text-cost.sh [engine args...]   (SKIP_BUILD=1: the Release build already in the tree)
set -euo pipefail
cd "$(dirname "$0")/.."
port=5830
source load-tests/engine.sh
trap 'kill ${server:-} 2>/dev/null; wait 2>/dev/null; rm -rf "${data:-}"' EXIT
[ -n "${SKIP_BUILD:-}" ] || build_release

count() { pe status 2>/dev/null | grep -oiE "$1: *[0-9,]+" | tr -dc 0-9; }

for encoder in none minilm; do
    echo "== Engine:Text:Encoder=$encoder"
    start_engine 11831 30831 --Engine:Text:Encoder="$encoder" "$@"
    wait_serving
    echo "RSS at SERVING: $(rss_mib) MiB"
    # The demo shop: 600 catalog records + 200,000 events, every one applied by the grains.
    until [ "$(cat "$data/projection.checkpoint" 2>/dev/null || echo 0)" -ge 200600 ]; do sleep 0.5; done
    printf 'demo loaded and projected: %.1f s after launch, %s reviews waiting for a sentiment model\n' "$(elapsed)" "$(count 'Reviews to score')"
    until pe status 2>/dev/null | grep -qE '^sentiment +sentiment-v'; do sleep 0.5; done
    published=$(elapsed)
    pe status | grep -E '^sentiment '
    python3 -c "import json, sys; print('  ' + next(v for k, v in json.load(open(sys.argv[1])).items() if k.lower() == 'note'))" "$data/models/sentiment/v000001.json"
    until [ "$(count 'Reviews to score')" = "0" ]; do sleep 0.2; done
    printf 'reviews scored %.1f s after the sentiment model was published\n' "$(echo "$(elapsed) - $published" | bc)"
    sleep 10
    echo "RSS with the demo loaded, embedded and scored: $(rss_mib) MiB; peak $(peak_mib) MiB"
    kill "$server"; wait "$server" 2>/dev/null || true
    rm -rf "$data"
done
