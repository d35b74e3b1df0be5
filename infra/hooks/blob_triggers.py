#!/usr/bin/env python3
"""Lists the blob-trigger functions of a deployment package as the `blobTriggers` parameter of
infra/blob-trigger-subscriptions.bicep: [{"function", "container", "subjectEndsWith"}].

Usage: blob_triggers.py <package-dir>            prints the JSON array
       blob_triggers.py <package-dir> --check    exits 1 (with the reason) if a blob trigger cannot run on Flex

On Flex Consumption a blob trigger must be fed by Event Grid ("source": "EventGrid"); the polling kind does not run.
"""
import json
import os
import sys


def blob_triggers(package):
    triggers, problems = [], []
    for name in sorted(os.listdir(package)):
        definition = os.path.join(package, name, "function.json")
        if not os.path.isfile(definition):
            continue
        with open(definition, encoding="utf-8-sig") as f:
            bindings = json.load(f).get("bindings", [])
        for binding in bindings:
            if binding.get("type", "").lower() != "blobtrigger":
                continue
            path = binding.get("path", "")
            if str(binding.get("source", "")).lower() != "eventgrid":
                problems.append(f'{name}: blobTrigger needs "source": "EventGrid" on Flex Consumption')
            container = path.split("/", 1)[0]
            if not container or "{" in container or "%" in container:
                problems.append(f"{name}: blobTrigger path '{path}' must start with a literal container name")
            # "recordings/{center}/{name}.json" -> only events for blobs ending in ".json" reach the function.
            tail = path.rsplit("}", 1)[1] if "}" in path else ""
            triggers.append({
                "function": name,
                "container": container,
                "subjectEndsWith": tail if tail.startswith(".") and "/" not in tail else "",
            })
    return triggers, problems


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    found, problems = blob_triggers(sys.argv[1])
    if "--check" in sys.argv[2:]:
        for problem in problems:
            print(problem, file=sys.stderr)
        sys.exit(1 if problems else 0)
    print(json.dumps(found))
