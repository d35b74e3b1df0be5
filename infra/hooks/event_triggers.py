#!/usr/bin/env python3
"""Lists the eventGridTrigger functions of a deployment package as the `eventTriggers` parameter of
infra/event-subscriptions.bicep: [{"function", "subjectBeginsWith", "subjectEndsWith"}], the subscription filter each
function.json carries (the Functions host ignores these two properties; Event Grid applies them).

Usage: event_triggers.py <package-dir>            prints the JSON array
       event_triggers.py <package-dir> --check    exits 1 (with the reason) if a trigger would load files into invocations

A trigger carries a notification, never the file: a blobTrigger hands the blob's whole content to a custom handler
(it broke on a 50 MB CDR), so the package must not have one; each eventGridTrigger must name its blob container.
"""
import json
import os
import sys

SUBJECT = "/blobServices/default/containers/"


def event_triggers(package):
    triggers, problems = [], []
    for name in sorted(os.listdir(package)):
        definition = os.path.join(package, name, "function.json")
        if not os.path.isfile(definition):
            continue
        with open(definition, encoding="utf-8-sig") as f:
            bindings = json.load(f).get("bindings", [])
        for binding in bindings:
            kind = binding.get("type", "").lower()
            if kind == "blobtrigger":
                problems.append(f"{name}: blobTrigger puts the whole blob in the invocation; use an eventGridTrigger on BlobCreated")
                continue
            if kind != "eventgridtrigger":
                continue
            begins = binding.get("subjectBeginsWith", "")
            container = begins[len(SUBJECT):].split("/", 1)[0] if begins.startswith(SUBJECT) else ""
            if not container or "{" in container or "%" in container:
                problems.append(f"{name}: eventGridTrigger needs \"subjectBeginsWith\": \"{SUBJECT}<container>/blobs/\"")
                continue
            triggers.append({
                "function": name,
                "subjectBeginsWith": begins,
                "subjectEndsWith": binding.get("subjectEndsWith", ""),
            })
    return triggers, problems


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    found, problems = event_triggers(sys.argv[1])
    if "--check" in sys.argv[2:]:
        for problem in problems:
            print(problem, file=sys.stderr)
        sys.exit(1 if problems else 0)
    print(json.dumps(found))
