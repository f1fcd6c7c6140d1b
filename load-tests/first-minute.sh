#!/usr/bin/env bash
# The first minute, as a new user sees it: the engine starts on a fresh data folder with the default
# demo shop, and right after SERVING, while the demo still loads, a new visitor views three products of
# the most common category (HTTP/JSON, as a storefront calls it). Prints the category's share of their
# 20-item list before, and then every 0.1 s after the third view until it is at least half.
# Usage: load-tests/first-minute.sh [engine args...]   (SKIP_BUILD=1: the Release build already in the tree)
set -euo pipefail
cd "$(dirname "$0")/.."
port=5790
source load-tests/engine.sh
trap 'kill ${server:-} 2>/dev/null; wait 2>/dev/null; rm -rf "${data:-}"' EXIT
[ -n "${SKIP_BUILD:-}" ] || build_release
start_engine 11791 30791 "$@"
wait_serving
http=http://127.0.0.1:$((port + 1))
products=$(mktemp)
for _ in $(seq 50); do curl -sf "$http/v1/products?pageSize=100" > "$products" && grep -q productId "$products" && break; sleep 0.2; done
read -r category ids < <(python3 -c "
import json, collections
items = json.load(open('$products'))['products']
category = collections.Counter(p['category'] for p in items).most_common(1)[0][0]
print(category, ' '.join([p['productId'] for p in items if p['category'] == category][:3]))")
echo "category $category, products $ids; $(pe status | grep -oiE 'Events in log: *[0-9,]+')"
share() {
    curl -s "$http/v1/customers/new-visitor-1/recommendations?count=20" | python3 -c "
import json, sys
items = json.load(sys.stdin).get('items', [])
print(f'{sum(i.get(\"category\") == \"$category\" for i in items) / max(1, len(items)):.2f}')"
}
echo "share before: $(share)"
for product in $ids; do
    curl -s -X POST "$http/v1/events:track" -H 'content-type: application/json' \
        -d "{\"events\":[{\"eventId\":\"first-minute-$product\",\"customerId\":\"new-visitor-1\",\"productId\":\"$product\",\"type\":\"EVENT_TYPE_VIEW\"}]}" > /dev/null
done
viewed=$(date +%s.%N)
for _ in $(seq 50); do
    current=$(share)
    printf '%.2f s after the third view: share %s\n' "$(echo "$(date +%s.%N) - $viewed" | bc)" "$current"
    [ "$(echo "$current >= 0.5" | bc)" = 1 ] && break
    sleep 0.1
done
echo "$(pe status | grep -oiE 'projection lag: *[0-9,]+') records when the list had moved"
rm -f "$products"
