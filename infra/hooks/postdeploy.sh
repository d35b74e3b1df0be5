#!/usr/bin/env bash
# azd postdeploy hook: subscribes every eventGridTrigger function of the deployed package to the storage account's
# Event Grid system topic, with the BlobCreated filter its function.json names (infra/event-subscriptions.bicep). It
# runs after the code is deployed because the webhook needs the host's eventgrid_extension key, which the host creates
# when it starts with Event Grid triggers.
# Needs the Azure CLI (az login) and python3. azd passes its environment (main.bicep outputs) as variables.
#   postdeploy.sh           create or update the subscriptions
#   postdeploy.sh --print   only print the eventTriggers parameter it would deploy (used by the tests)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
package="${QA_PACKAGE_DIR:-$root/.artifacts/package}"

python3 "$root/infra/hooks/event_triggers.py" "$package" --check
triggers="$(python3 "$root/infra/hooks/event_triggers.py" "$package")"
if [ "${1:-}" = "--print" ]; then
  echo "$triggers"
  exit 0
fi
if [ "$triggers" = "[]" ]; then
  echo "postdeploy: no Event Grid-triggered functions; nothing to subscribe"
  exit 0
fi

: "${AZURE_RESOURCE_GROUP:?run through azd (azd deploy / azd up), or export the azd environment}"
: "${AZURE_FUNCTION_APP_NAME:?}"
: "${AZURE_EVENT_GRID_SYSTEM_TOPIC_NAME:?}"
command -v az >/dev/null || { echo "postdeploy: the Azure CLI (az) is required, see README 'Deploy'" >&2; exit 1; }

# The key appears once the freshly deployed host has started; listing keys through ARM also wakes it.
for attempt in $(seq 1 30); do
  key="$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" \
    --query systemKeys.eventgrid_extension -o tsv 2>/dev/null || true)"
  [ -n "$key" ] && break
  echo "postdeploy: waiting for the host's eventgrid_extension key ($attempt/30)"
  sleep 10
done
[ -n "${key:-}" ] || { echo "postdeploy: the function app never reported an eventgrid_extension key" >&2; exit 1; }

parameters="$(mktemp)"
trap 'rm -f "$parameters"' EXIT
python3 - "$parameters" "$AZURE_FUNCTION_APP_NAME" "$AZURE_EVENT_GRID_SYSTEM_TOPIC_NAME" "$triggers" <<'PY'
import json, sys
path, app, topic, triggers = sys.argv[1:5]
json.dump({
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
    "contentVersion": "1.0.0.0",
    "parameters": {
        "functionAppName": {"value": app},
        "systemTopicName": {"value": topic},
        "eventTriggers": {"value": json.loads(triggers)},
    },
}, open(path, "w"))
PY

az deployment group create -g "$AZURE_RESOURCE_GROUP" -n event-subscriptions \
  -f "$root/infra/event-subscriptions.bicep" -p "@$parameters" --query properties.outputs -o json
echo "postdeploy: Event Grid now feeds $(echo "$triggers" | python3 -c 'import json,sys; print(", ".join(t["function"] for t in json.load(sys.stdin)))')"
